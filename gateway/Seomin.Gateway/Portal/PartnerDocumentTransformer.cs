using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Seomin.Access;

namespace Seomin.Gateway.Portal;

/// <summary>
/// Makes the partner document the published contract: title, licence, the public server, the OAuth 2.0
/// client-credentials scheme (token URL <c>/connect/token</c>), one Problem Details schema carrying <c>errorCode</c>
/// for every error, and required request fields declared non-nullable (a null there is refused with 400 like a
/// missing one). Checked by Redocly's recommended rules (tests: PartnerContractTests).
/// </summary>
public sealed class PartnerDocumentTransformer(IOptions<GatewayOptions> options) : IOpenApiDocumentTransformer
{
    public const string SchemeName = "oauth2";
    public const string ProblemSchemaName = "ProblemDetails";

    // JSON numbers above 2^53 lose precision; a bound at long.MaxValue says nothing a partner needs.
    private const double LargestExactInteger = 9_007_199_254_740_991d;

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Seomin Partner API";
        document.Info.Version = "v1";
        document.Info.Description = "Partner fintech API of the Seomin platform (서민금융 파트너 API). Guide: /docs/guide. "
            + "Get a token with client credentials at /connect/token. Every response carries a 25-character x-api-tran-id; "
            + "errors are Problem Details (application/problem+json) with a stable errorCode.";
        var publicUrl = options.Value.PublicUrl.TrimEnd('/');
        document.Info.License = new OpenApiLicense { Name = "Proprietary: Seomin partner agreement", Url = new Uri($"{publicUrl}/docs/guide") };
        document.Servers = [new OpenApiServer { Url = publicUrl, Description = "Seomin API gateway" }];
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = PartnerEndpointTags.Partner, Description = "Guarantee products and applications for partner fintechs (보증 신청 파트너 API)." },
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OAuth2,
            Description = "Client credentials at /connect/token (client_id and client_secret from Seomin); tokens live 10 minutes.",
            Flows = new OpenApiOAuthFlows
            {
                ClientCredentials = new OpenApiOAuthFlow
                {
                    TokenUrl = new Uri("/connect/token", UriKind.Relative),
                    Scopes = new Dictionary<string, string>
                    {
                        [Scopes.ProductsRead] = "Guarantee product catalogue",
                        [Scopes.GuaranteesApply] = "Guarantee applications on behalf of consenting customers",
                        [Scopes.DormantAssetsLookup] = "Dormant financial assets of consenting customers (찾아줌 조회)",
                        [Scopes.DormantAssetsClaim] = "Claims for payment of dormant assets (지급청구)",
                    },
                },
            },
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchemaName] = ProblemSchema();
        foreach (var schema in document.Components.Schemas.Values.OfType<OpenApiSchema>())
        {
            DeclareRequiredNonNullable(schema);
        }

        return Task.CompletedTask;
    }

    private static void DeclareRequiredNonNullable(OpenApiSchema schema)
    {
        foreach (var (name, property) in schema.Properties?.ToList() ?? [])
        {
            if (property is OpenApiSchema plain && double.TryParse(plain.Maximum, System.Globalization.CultureInfo.InvariantCulture, out var maximum) && maximum > LargestExactInteger)
            {
                plain.Maximum = null;
            }

            if (schema.Required?.Contains(name) != true)
            {
                continue;
            }

            if (property is OpenApiSchema { Type: { } type } typed && type.HasFlag(JsonSchemaType.Null))
            {
                typed.Type = type & ~JsonSchemaType.Null;
            }
            else if (property is OpenApiSchema { OneOf.Count: 2 } choice
                && choice.OneOf.SingleOrDefault(s => s is OpenApiSchema { Type: JsonSchemaType.Null }) is { } nullOption)
            {
                schema.Properties![name] = choice.OneOf.Single(s => !ReferenceEquals(s, nullOption));
            }
        }
    }

    private static OpenApiSchema ProblemSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 Problem Details with the gateway's stable errorCode (see the partner guide).",
        Required = new HashSet<string> { "title", "status", "errorCode" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI reference naming the problem type." },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Short summary of the problem." },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What happened, never echoing submitted personal data." },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["errorCode"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable error code, e.g. GW-AUTH-001, GW-QUOTA-002, token_service_unavailable." },
            ["rule"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The business rule a 409 or 422 broke." },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Validation messages by field (400).",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };
}

/// <summary>
/// Per operation: its scope as the OAuth 2.0 requirement, the <c>x-api-tran-id</c> and <c>Idempotency-Key</c> request
/// headers, <c>x-api-tran-id</c> on every response and <c>Retry-After</c> on 429 and 503.
/// </summary>
public sealed class PartnerOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<PartnerScopeMetadata>().FirstOrDefault() is { } scope && context.Document is { } document)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(PartnerDocumentTransformer.SchemeName, document)] = [scope.Scope] }];
        }

        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "x-api-tran-id",
            In = ParameterLocation.Header,
            Description = "25 letters or digits identifying this transaction; omit it and the gateway generates one.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[A-Za-z0-9]{25}$" },
        });
        if (metadata.OfType<IdempotentMetadata>().Any())
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Idempotency-Key",
                In = ParameterLocation.Header,
                Description = "Up to 100 characters; a retry with the same key answers the first result instead of applying twice.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 100 },
            });
        }

        foreach (var (code, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers["x-api-tran-id"] = new OpenApiHeader
            {
                Description = "The transaction id: the partner's own, or one the gateway generated.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
            if (code is "429" or "503")
            {
                concrete.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before retrying.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                };
            }

            if (code[0] is '4' or '5' && concrete.Content is { } content)
            {
                foreach (var media in content.Values)
                {
                    media.Schema = new OpenApiSchemaReference(PartnerDocumentTransformer.ProblemSchemaName, context.Document);
                }

                concrete.Description = ErrorDescription(code) ?? concrete.Description;
            }
        }

        return Task.CompletedTask;
    }

    private static string? ErrorDescription(string code) => code switch
    {
        "400" => "Invalid request: validation errors (GW-REQ-003) or an invalid x-api-tran-id (GW-REQ-002).",
        "401" => "No valid access token (GW-AUTH-001 missing, GW-AUTH-002 invalid or expired, GW-AUTH-003 in the query string, GW-AUTH-004 revoked).",
        "403" => "The token lacks the scope of this operation (GW-AUTH-005).",
        "404" => "No application with this id was submitted by this partner (GW-RES-001).",
        "409" => "Conflicts with the current state, e.g. a duplicate application (GW-RES-002).",
        "413" => "The body is larger than 64 KiB (GW-REQ-001).",
        "422" => "A business rule refused the application (GW-RES-003, with rule).",
        "429" => "Quota exceeded: per second (GW-QUOTA-001) or per day (GW-QUOTA-002); see Retry-After.",
        "502" => "The guarantee service answered something the gateway cannot pass on (GW-UP-003).",
        "503" => "The guarantee service is unavailable (GW-UP-001); see Retry-After.",
        _ => null,
    };
}

/// <summary>The OAuth scope an endpoint requires, for its security requirement in the document.</summary>
public sealed record PartnerScopeMetadata(string Scope);

/// <summary>The endpoint honours an <c>Idempotency-Key</c> header.</summary>
public sealed record IdempotentMetadata;

public static class PartnerEndpointTags
{
    public const string Partner = "Partner API v1";
}
