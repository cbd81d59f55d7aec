namespace Seomin.Testing;

/// <summary>
/// A service started once for a test class and shared by its cases (<c>IClassFixture&lt;SharedPerClass&lt;T&gt;&gt;</c>):
/// xUnit runs one class's cases one after another, so they never use it at the same time. For classes whose cases do
/// not depend on a fresh database (each uses its own people, clients or guarantees, or only reads): starting a host
/// (database, migrations, bus) for every case was most of their time.
/// </summary>
public sealed class SharedPerClass<T> : IAsyncDisposable
    where T : class, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private T? _value;

    /// <summary>The shared instance, started by <paramref name="start"/> on the first call.</summary>
    public async Task<T> GetAsync(Func<Task<T>> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        await _gate.WaitAsync();
        try
        {
            return _value ??= await start();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_value is not null)
        {
            await _value.DisposeAsync();
        }

        _gate.Dispose();
    }
}
