using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Seomin.LocalServers;

/// <summary>
/// A readiness probe for a Redis server without a client library (the AppHost's health check and the test fixture):
/// one connection, <c>AUTH</c> then <c>PING</c> in RESP, true on <c>+PONG</c>.
/// </summary>
public static class RedisPing
{
    public static async Task<bool> IsReadyAsync(int port, string password, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            await using var stream = client.GetStream();
            var request = Command("AUTH", password) + Command("PING");
            await stream.WriteAsync(Encoding.UTF8.GetBytes(request), timeout.Token);
            var buffer = new byte[256];
            var received = new StringBuilder();
            while (!received.ToString().Contains("\r\n", StringComparison.Ordinal)
                || received.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length < 2)
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    return false;
                }

                received.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }

            var lines = received.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            return lines[0] == "+OK" && lines[1] == "+PONG";
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static string Command(params string[] parts)
    {
        var builder = new StringBuilder().Append('*').Append(parts.Length).Append("\r\n");
        foreach (var part in parts)
        {
            builder.Append('$').Append(Encoding.UTF8.GetByteCount(part)).Append("\r\n").Append(part).Append("\r\n");
        }

        return builder.ToString();
    }
}
