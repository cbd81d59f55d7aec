namespace Seomin.Subrogation.Api.Features.Payment;

/// <summary>A transfer to a lender's account; <see cref="IdempotencyKey"/> makes a repeated request the same transfer.</summary>
public sealed record TransferRequest(string IdempotencyKey, string BankCode, string Account, long Amount, string Memo);

/// <summary>The bank confirmed the transfer under <see cref="Reference"/>.</summary>
public sealed record TransferConfirmation(string Reference, DateTimeOffset ExecutedAt);

/// <summary>The transfer did not happen, or its outcome is unknown (a timeout): the caller may retry with the same key.</summary>
public sealed class TransferFailedException(string reason, bool outcomeUnknown) : Exception(reason)
{
    public bool OutcomeUnknown { get; } = outcomeUnknown;
}

/// <summary>
/// The bank payment network (펌뱅킹) at the boundary. Real banks deduplicate by the request key, so a retry after a
/// timeout never pays twice; every implementation must do the same.
/// </summary>
public interface IBankTransferPort
{
    Task<TransferConfirmation> TransferAsync(TransferRequest request, CancellationToken cancellationToken);
}
