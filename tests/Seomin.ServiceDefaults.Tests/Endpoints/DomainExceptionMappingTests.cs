using Seomin.ServiceDefaults.Problems;

namespace Seomin.ServiceDefaults.Tests.Endpoints;

public class DomainExceptionMappingTests
{
    private static readonly DomainExceptionMapping Mapping = new DomainExceptionMapping()
        .Rule<SampleRuleException>(e => e.Rule)
        .Conflict<SampleStateException>();

    [Fact]
    public void Map_WhenDeclaredRuleException_Is422WithTheRule()
    {
        var problem = SeominExceptionHandler.Map(new SampleRuleException("AmountMustBePositive", "The amount must be positive."), Mapping);

        Assert.Equal(422, problem.Status);
        Assert.Equal("AmountMustBePositive", problem.Extensions["rule"]);
        Assert.Equal("The amount must be positive.", problem.Detail);
    }

    [Fact]
    public void Map_WhenDeclaredStateException_Is409()
    {
        var problem = SeominExceptionHandler.Map(new SampleStateException("Already closed."), Mapping);

        Assert.Equal(409, problem.Status);
    }

    [Fact]
    public void Map_WhenUndeclaredException_IsA500WithoutInternals()
    {
        var problem = SeominExceptionHandler.Map(new InvalidOperationException("secret internals"), Mapping);

        Assert.Equal(500, problem.Status);
        Assert.DoesNotContain("secret", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_WhenSharedException_KeepsItsMapping()
    {
        var problem = SeominExceptionHandler.Map(new NotFoundException("No such thing."), Mapping);

        Assert.Equal(404, problem.Status);
    }

    private sealed class SampleRuleException(string rule, string message) : Exception(message)
    {
        public string Rule { get; } = rule;
    }

    private sealed class SampleStateException(string message) : Exception(message);
}
