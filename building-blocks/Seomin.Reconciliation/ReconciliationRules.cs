namespace Seomin.Reconciliation;

/// <summary>A control total in one service: <c>guarantee</c> / <c>fees-paid</c>.</summary>
public sealed record MeasureRef(string Service, string Measure)
{
    public override string ToString() => $"{Service}/{Measure}";
}

/// <summary>
/// Two control totals that must agree, per fund and key by key: what the <see cref="Source"/> service booked must
/// appear, with the same won, in the <see cref="Target"/> (a ledger or a projection built from the source's events).
/// Both measures use the same business key (e.g. the guarantee fee ledger entry id).
/// </summary>
public sealed record ReconciliationRule(string Name, MeasureRef Source, MeasureRef Target, string Description);

/// <summary>Service and measure names shared by the sources and the rules.</summary>
public static class Measures
{
    public const string GuaranteeService = "guarantee";
    public const string SubrogationService = "subrogation";
    public const string ContributionsService = "contributions";
    public const string DormantAssetsService = "dormant-assets";
    public const string CounselingService = "counseling";

    /// <summary>Guarantee fees paid (key: the fee ledger entry id), per fund.</summary>
    public const string FeesPaid = "fees-paid";

    /// <summary>Guarantee fees refunded (key: the refund's ledger entry id), per fund.</summary>
    public const string FeesRefunded = "fees-refunded";

    /// <summary>Guarantees outstanding now (count, guaranteed won), per fund: informational, no rule pairs it.</summary>
    public const string GuaranteesOutstanding = "guarantees-outstanding";

    /// <summary>Subrogation payments made to lenders (key: the claim id), per fund.</summary>
    public const string SubrogationPayments = "subrogation-payments";

    /// <summary>Recoveries from debtors (key: the recovery id), per fund.</summary>
    public const string Recoveries = "recoveries";

    /// <summary>Contribution payments applied (key: the payment id), per fund.</summary>
    public const string ContributionsPaid = "contributions-paid";

    /// <summary>Dormant-asset refunds paid out (key: the claim id).</summary>
    public const string DormantPayouts = "dormant-payouts";

    /// <summary>Fund-ledger postings by their source (the contributions service's ledger).</summary>
    public const string LedgerFeesIn = "ledger-guarantee-fees";
    public const string LedgerFeeRefundsOut = "ledger-fee-refunds";
    public const string LedgerSubrogationOut = "ledger-subrogation-payments";
    public const string LedgerRecoveriesIn = "ledger-recoveries";
    public const string LedgerContributionsIn = "ledger-contributions";
}

public static class ReconciliationRules
{
    /// <summary>The platform's rules: every won that moves a fund must be in that fund's ledger exactly once.</summary>
    public static IReadOnlyList<ReconciliationRule> Platform { get; } =
    [
        new("guarantee fees paid → fund ledger",
            new(Measures.GuaranteeService, Measures.FeesPaid), new(Measures.ContributionsService, Measures.LedgerFeesIn),
            "Every guarantee fee paid is booked into its fund (GuaranteeFeePaid)."),
        new("guarantee fee refunds → fund ledger",
            new(Measures.GuaranteeService, Measures.FeesRefunded), new(Measures.ContributionsService, Measures.LedgerFeeRefundsOut),
            "Every fee refund is booked out of its fund (GuaranteeFeeRefunded)."),
        new("subrogation payments → fund ledger",
            new(Measures.SubrogationService, Measures.SubrogationPayments), new(Measures.ContributionsService, Measures.LedgerSubrogationOut),
            "Every subrogation payment is booked out of its fund (SubrogationPaid)."),
        new("recoveries → fund ledger",
            new(Measures.SubrogationService, Measures.Recoveries), new(Measures.ContributionsService, Measures.LedgerRecoveriesIn),
            "Every recovery from a debtor is booked into its fund (RecourseRecovered)."),
        new("contribution payments → fund ledger",
            new(Measures.ContributionsService, Measures.ContributionsPaid), new(Measures.ContributionsService, Measures.LedgerContributionsIn),
            "Every applied contribution payment is booked into its fund."),
    ];
}
