using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using Seomin.Contracts;

namespace Seomin.Messaging;

/// <summary>One integration message type: its stable name and how to read its event id.</summary>
internal sealed class MessageContract
{
    private readonly PropertyInfo _eventId;
    private readonly PropertyInfo? _aggregateId;

    public MessageContract(Type type, string name, PropertyInfo eventId)
    {
        Type = type;
        Name = name;
        _eventId = eventId;
        // The aggregate the event is about: by convention the first public Guid property after EventId in declaration
        // order (GuaranteeId, ClaimId, RecourseId, SessionId, ...). Declaration order is the metadata order.
        _aggregateId = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(Guid) && p.Name != "EventId")
            .OrderBy(p => p.MetadataToken)
            .FirstOrDefault();
    }

    public Type Type { get; }

    /// <summary>The name stored in outbox rows (<see cref="MessageNameAttribute"/>).</summary>
    public string Name { get; }

    /// <summary>What rows written before stable names stored: <c>{FullName}, {AssemblyName}</c>.</summary>
    public string LegacyName => $"{Type.FullName}, {Type.Assembly.GetName().Name}";

    /// <summary>
    /// The relay's ordering key (ADR 0003): events about one aggregate id are delivered in commit order, whatever their
    /// type (GuaranteeIssued, then GuaranteeLoanExecuted, then GuaranteeFeePaid of one guarantee); events about
    /// different aggregates may be in flight together. A contract without an aggregate id is ordered by its name.
    /// </summary>
    public string PartitionKeyOf(object message) =>
        _aggregateId is not null && _aggregateId.GetValue(message) is Guid id && id != Guid.Empty
            ? id.ToString("N")
            : Name;

    public Guid EventIdOf(object message)
    {
        var id = (Guid)_eventId.GetValue(message)!;
        return id == Guid.Empty
            ? throw new InvalidOperationException($"{Type.Name} {Name} has an empty EventId; every event needs its own id.")
            : id;
    }
}

/// <summary>
/// The messages a service may store in its outbox, by stable name: every <see cref="MessageNameAttribute"/> type
/// in <c>Seomin.Contracts</c> plus the assemblies the service adds. Built once; a duplicate name, a missing
/// attribute or a missing <c>Guid EventId</c> fails the start, not the first publish.
/// </summary>
internal sealed class MessageContracts
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly FrozenDictionary<Type, MessageContract> _byType;
    private readonly FrozenDictionary<string, MessageContract> _byName;

    public MessageContracts(IEnumerable<Assembly> assemblies)
    {
        var contracts = assemblies.Append(typeof(MessageNameAttribute).Assembly).Distinct()
            .SelectMany(a => a.GetTypes())
            .Where(t => t.GetCustomAttribute<MessageNameAttribute>() is not null)
            .Select(Describe)
            .ToList();
        foreach (var duplicate in contracts.GroupBy(c => c.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            throw new InvalidOperationException(
                $"Message name '{duplicate.Key}' is declared by {string.Join(" and ", duplicate.Select(c => c.Type.FullName))}.");
        }

        _byType = contracts.ToFrozenDictionary(c => c.Type);
        var byName = contracts.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var contract in contracts)
        {
            // Rows committed before the switch to stable names hold the CLR name: migration-free compatibility.
            byName.TryAdd(contract.LegacyName, contract);
        }

        _byName = byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The contract of a message about to be stored; a type without a name cannot be published.</summary>
    public MessageContract For(Type type) =>
        _byType.TryGetValue(type, out var contract)
            ? contract
            : throw new InvalidOperationException(
                $"{type.FullName} has no [MessageName]: only named contracts (Seomin.Contracts, or an assembly added with AddContracts) go through the outbox.");

    /// <summary>The contract stored under <paramref name="name"/> (a stable name, or a legacy CLR name).</summary>
    public bool TryResolve(string name, out MessageContract contract) => _byName.TryGetValue(name, out contract!);

    private static MessageContract Describe(Type type)
    {
        var name = type.GetCustomAttribute<MessageNameAttribute>()!.Name;
        var eventId = type.GetProperty("EventId", BindingFlags.Public | BindingFlags.Instance);
        if (eventId?.PropertyType != typeof(Guid))
        {
            throw new InvalidOperationException($"Message {name} ({type.FullName}) needs a public Guid EventId: it becomes the message id.");
        }

        return new MessageContract(type, name, eventId);
    }
}
