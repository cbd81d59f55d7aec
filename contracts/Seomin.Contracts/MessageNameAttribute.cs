namespace Seomin.Contracts;

/// <summary>
/// The stable name of an integration message (<c>&lt;owning service&gt;.&lt;event&gt;</c>, e.g. <c>guarantee.issued</c>).
/// Outbox rows store it and the relay resolves it back to the type, so a row written before a type is renamed or
/// moved still delivers. Never change a published name: a breaking change is a new message with a new name.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class MessageNameAttribute(string name) : Attribute
{
    /// <summary>The name, lower-case kebab words separated by dots.</summary>
    public string Name { get; } = name;
}
