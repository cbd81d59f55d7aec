using System.Runtime.CompilerServices;

// The benchmark drives the relay worker directly to time it without the polling loop.
[assembly: InternalsVisibleTo("Seomin.Bench.Messaging")]
