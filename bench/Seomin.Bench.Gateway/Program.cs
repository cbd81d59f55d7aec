// A stand-in read endpoint shaped like the guarantee service's product catalogue, so the benchmark measures the
// gateway's own cost (auth, quotas, proxying) and not a database.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

var products = Enumerable.Range(1, 10)
    .Select(i => new Product($"PRODUCT-{i:D2}", $"근로자햇살론 {i}", 20_000_000L, 0.9m, 0.01m))
    .ToArray();

app.MapGet("/alive", () => "alive");
app.MapGet("/api/guarantees/products", () => products);
app.Run();

internal sealed record Product(string Code, string Name, long MaxAmount, decimal GuaranteeRatio, decimal AnnualFeeRate);
