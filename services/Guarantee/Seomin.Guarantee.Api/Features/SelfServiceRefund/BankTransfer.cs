using System.Collections.Concurrent;
using System.Globalization;

namespace Seomin.Guarantee.Api.Features.SelfServiceRefund;

/// <summary>A refund transfer to the customer's account; <see cref="TransferId"/> makes a repeated request the same transfer.</summary>
public sealed record RefundTransferRequest(Guid TransferId, string BankCode, string AccountNumber, long Amount, string Memo);

/// <summary>The bank confirmed the transfer under <see cref="Reference"/>.</summary>
public sealed record RefundTransferConfirmation(string Reference, DateTimeOffset ExecutedAt);

/// <summary>The transfer did not happen, or its outcome is unknown: the caller retries with the same transfer id.</summary>
public sealed class RefundTransferFailedException(string reason) : Exception(reason);

/// <summary>
/// The bank payment network (펌뱅킹) for refunds to customers. A bank deduplicates by the transfer id, so a retry after
/// a lost answer never pays twice; every implementation must do the same. <see cref="AccountHolderAsync"/> is the
/// account-holder inquiry (예금주 조회) that proves the account is in the customer's name.
/// </summary>
public interface IRefundBankTransferPort
{
    Task<string?> AccountHolderAsync(string bankCode, string accountNumber, CancellationToken cancellationToken);

    Task<RefundTransferConfirmation> TransferAsync(RefundTransferRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// The named fake of the bank network for development and tests: accounts are opened by hand, transfers are kept in
/// memory and deduplicated by transfer id like a bank; <see cref="FailNextAnswers"/> loses the answer after paying
/// (the transfer happened, the caller does not know), as a timeout would.
/// </summary>
public sealed class FakeRefundBankNetwork(TimeProvider time) : IRefundBankTransferPort
{
    private readonly ConcurrentDictionary<(string Bank, string Account), string> _accounts = new();
    private readonly ConcurrentDictionary<Guid, (RefundTransferRequest Request, RefundTransferConfirmation Confirmation)> _transfers = new();
    private int _failNextAnswers;

    /// <summary>Transfers executed, one per transfer id.</summary>
    public IReadOnlyCollection<RefundTransferRequest> Executed => [.. _transfers.Values.Select(t => t.Request)];

    public void OpenAccount(string bankCode, string accountNumber, string holder) => _accounts[(bankCode, accountNumber)] = holder;

    /// <summary>The next <paramref name="count"/> transfers are executed but answer with a failure.</summary>
    public void FailNextAnswers(int count) => Interlocked.Exchange(ref _failNextAnswers, count);

    public Task<string?> AccountHolderAsync(string bankCode, string accountNumber, CancellationToken cancellationToken) =>
        Task.FromResult(_accounts.TryGetValue((bankCode, accountNumber), out var holder) ? holder : null);

    public Task<RefundTransferConfirmation> TransferAsync(RefundTransferRequest request, CancellationToken cancellationToken)
    {
        if (!_accounts.ContainsKey((request.BankCode, request.AccountNumber)))
        {
            throw new RefundTransferFailedException("The account does not exist.");
        }

        var transfer = _transfers.GetOrAdd(request.TransferId, _ => (request, new RefundTransferConfirmation(
            string.Create(CultureInfo.InvariantCulture, $"FAKE-{request.TransferId:N}"), time.GetUtcNow())));
        if (Interlocked.Decrement(ref _failNextAnswers) >= 0)
        {
            throw new RefundTransferFailedException("The bank did not answer in time.");
        }

        Interlocked.Exchange(ref _failNextAnswers, 0);
        return Task.FromResult(transfer.Confirmation);
    }
}
