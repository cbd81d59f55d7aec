using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Seomin.Access;

namespace Seomin.Gateway.Portal;

/// <summary>Titles the partner document and declares its OAuth 2.0 client-credentials security, so Swagger UI can get a token.</summary>
public sealed class PartnerDocumentTransformer : IOpenApiDocumentTransformer
{
    private const string SchemeName = "oauth2";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Seomin Partner API";
        document.Info.Version = "v1";
        document.Info.Description = "Partner fintech API of the Seomin platform (서민금융 파트너 API). Guide: /docs/guide. "
            + "Every response carries a 25-character x-api-tran-id; errors are Problem Details with an errorCode.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "Client credentials at /connect/token; tokens live 10 minutes.",
            Flows = new OpenApiOAuthFlows
            {
                ClientCredentials = new OpenApiOAuthFlow
                {
                    TokenUrl = new Uri("/connect/token", UriKind.Relative),
                    Scopes = new Dictionary<string, string>
                    {
                        [Scopes.ProductsRead] = "Guarantee product catalogue",
                        [Scopes.GuaranteesApply] = "Guarantee applications on behalf of consenting customers",
                    },
                },
            },
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];
        return Task.CompletedTask;
    }
}
