using System.Text.Json;
using System.Text.Json.Serialization;

namespace Seomin.ServiceDefaults.Problems;

/// <summary>
/// One set of JSON rules for every API: camelCase, enums as strings (unknown values are an error, never
/// a number), and strict numbers: <c>1.5</c> or <c>"15"</c> for a whole-won amount is rejected, not coerced.
/// </summary>
public static class SeominJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }

    /// <summary>Options configured as every Seomin API reads and writes JSON.</summary>
    public static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }
}
