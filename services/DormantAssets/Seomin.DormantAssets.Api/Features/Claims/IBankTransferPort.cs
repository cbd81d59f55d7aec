namespace Seomin.DormantAssets.Api.Features.Claims;

/// <summary>A transfer to the owner's account; <see cref="IdempotencyKey"/> makes a repeated request the same transfer.</summary>
public sealed record TransferRequest(string IdempotencyKey, string BankCode, string Account, long Amount, string Memo);

/// <summary>The bank confirmed the transfer under <see cref="Reference"/>.</summary>
public sealed record TransferConfirmation(string Reference, DateTimeOffset ExecutedAt);

/// <summary>The transfer did not happen, or its outcome is unknown (a timeout): the caller may retry with the same key.</summary>
public sealed class TransferFailedException(string reason, bool outcomeUnknown) : Exception(reason)
{
    public bool OutcomeUnknown { get; } = outcomeUnknown;
}

/// <summary>
/// The bank network (펌뱅킹) at the boundary: the account holder's name inquiry (예금주 조회) before a claim, and the
/// transfer, deduplicated by its key so a retry after a timeout never pays twice.
/// </summary>
public interface IBankTransferPort
{
    /// <summary>The holder's name of the account, or null when the bank knows no such account.</summary>
    Task<string?> HolderNameAsync(string bankCode, string account, CancellationToken cancellationToken);

    Task<TransferConfirmation> TransferAsync(TransferRequest request, CancellationToken cancellationToken);
}
