using System.Text;
using RabbitMQ.Client;

namespace Seomin.Guarantee.Tests.Integration;

/// <summary>A private queue bound to the exchanges MassTransit publishes the given contract types to.</summary>
public sealed class BusQueue : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly string _queue;
    private readonly List<string> _received = [];

    private BusQueue(IConnection connection, IChannel channel, string queue)
    {
        _connection = connection;
        _channel = channel;
        _queue = queue;
    }

    public static async Task<BusQueue> BindAsync(string amqpUri, params Type[] messageTypes)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(amqpUri) }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true)).QueueName;
        foreach (var type in messageTypes)
        {
            var exchange = $"{type.Namespace}:{type.Name}";
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
            await channel.QueueBindAsync(queue, exchange, string.Empty);
        }

        return new BusQueue(connection, channel, queue);
    }

    /// <summary>Drains what has arrived and returns every message body received so far.</summary>
    public async Task<IReadOnlyList<string>> ReceivedAsync()
    {
        while (await _channel.BasicGetAsync(_queue, autoAck: true) is { } message)
        {
            _received.Add(Encoding.UTF8.GetString(message.Body.Span));
        }

        return _received;
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
