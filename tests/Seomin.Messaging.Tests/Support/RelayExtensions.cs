namespace Seomin.Messaging.Tests.Support;

internal static class RelayExtensions
{
    /// <summary>
    /// Runs one relay pass that reads rows. The relay only reads rows of transactions older than every transaction
    /// running on the server (ADR 0003), and other test classes share the server, so a pass can see nothing yet and
    /// return 0 without trying; a real relay simply polls again, and so does this.
    /// </summary>
    public static async Task<int> DeliverOncePendingRowsAreVisibleAsync(this OutboxRelayWorker relay, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var delivered = await relay.DeliverBatchAsync(TestContext.Current.CancellationToken);
            if (delivered > 0 || DateTime.UtcNow > deadline)
            {
                return delivered;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
