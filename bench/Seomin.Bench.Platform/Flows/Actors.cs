using Seomin.Bench.Platform.Http;

namespace Seomin.Bench.Platform.Flows;

/// <summary>
/// One caller per actor of the platform: the guarantee officer's system (intake, agreement, issuance, the lenders'
/// notices and fees), the recourse officer's system (claims, review, payment, recoveries) and the second recourse
/// officer S1002 signed in as a person (maker-checker approval), the contributions officer (filings, assessments,
/// payments, fund contributions), an institution (dormant transfers), the 찾아줌 front end (dormant lookups and claims), and the operator (reconciliation runs).
/// </summary>
internal sealed class Actors(PlatformClient platform)
{
    /// <summary>The system clients the driver calls as (S1002 is a person: the gateway counts people by employee number, not by a client's quota).</summary>
    public static readonly IReadOnlyList<string> ClientIds =
    [
        "dev-guarantee-officer", "dev-recourse-officer", "dev-contributions-officer", "dev-institution-088", "dev-dormant-asset-officer", "dev-operator",
    ];

    public Actor Guarantee { get; } = platform.Client("dev-guarantee-officer");

    public Actor Recourse { get; } = platform.Client("dev-recourse-officer");

    public Actor RecourseChecker { get; } = platform.Staff("S1002", "openid subrogation");

    public Actor Contributions { get; } = platform.Client("dev-contributions-officer");

    public Actor Institution { get; } = platform.Client("dev-institution-088");

    public Actor Dormant { get; } = platform.Client("dev-dormant-asset-officer");

    /// <summary>The operator who starts reconciliation runs on demand (role operator, docs/adr/0022).</summary>
    public Actor Operator { get; } = platform.Client("dev-operator");

    public async Task WarmUpAsync(CancellationToken ct)
    {
        await Guarantee.TokenAsync(ct);
        await Recourse.TokenAsync(ct);
        await RecourseChecker.TokenAsync(ct);
        await Contributions.TokenAsync(ct);
        await Institution.TokenAsync(ct);
        await Dormant.TokenAsync(ct);
    }
}
