using Seomin.Guarantee.Domain;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Guarantee.Api.Endpoints;

/// <summary>
/// The domain project references only the BCL, so it throws its own exceptions; this filter restates
/// them as the shared ones that the one exception handler maps (rule → 422, illegal transition → 409).
/// </summary>
internal static class DomainExceptionFilter
{
    public static RouteGroupBuilder WithDomainExceptions(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (GuaranteeRuleException ex)
            {
                throw new BusinessRuleException(ex.Rule, ex.Message);
            }
            catch (IllegalStateTransitionException ex)
            {
                throw new ConflictException(ex.Message);
            }
        });
        return group;
    }
}
