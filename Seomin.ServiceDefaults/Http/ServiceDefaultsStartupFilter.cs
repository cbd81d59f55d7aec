using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Seomin.ServiceDefaults.Http;

/// <summary>
/// Puts Problem Details error handling and request correlation at the very start of the pipeline, so
/// they wrap whatever middleware a service adds (authentication, rate limiting, proxying).
/// </summary>
internal sealed class ServiceDefaultsStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<CorrelationMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        next(app);
    };
}
