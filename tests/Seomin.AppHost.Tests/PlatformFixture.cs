using Seomin.AppHost.Hosting;

namespace Seomin.AppHost.Tests;

/// <summary>One platform started with the testing builder, shared by the platform collection (each start costs tens of seconds).</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The platform is not started.");

    public async ValueTask InitializeAsync() => _app = await DistributedApplicationTestingBuilder.CreateAsync();

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
