using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.ServiceDefaults.Tests.Endpoints;

public class PagingTests
{
    [Fact]
    public void Normalise_WhenNothingAsked_ReturnsFirstPageOfTwenty()
    {
        var window = Paging.Normalise(null, null);

        Assert.Equal(new PageWindow(1, 20), window);
        Assert.Equal(0, window.Skip);
    }

    [Fact]
    public void Normalise_WhenThirdPageOfFifty_SkipsOneHundred()
    {
        var window = Paging.Normalise(3, 50, maxPageSize: 200);

        Assert.Equal(100, window.Skip);
        Assert.Equal(50, window.Size);
    }

    [Theory]
    [InlineData(0, 10, "page")]
    [InlineData(-1, 10, "page")]
    [InlineData(1, 0, "pageSize")]
    [InlineData(1, 101, "pageSize")]
    public void Normalise_WhenOutOfRange_ThrowsValidationNamingTheField(int page, int pageSize, string field)
    {
        var error = Assert.Throws<DomainValidationException>(() => Paging.Normalise(page, pageSize));

        Assert.True(error.Errors.ContainsKey(field));
    }

    [Fact]
    public void Normalise_WhenEndpointAllowsLargerPages_AcceptsUpToItsMaximum()
    {
        var window = Paging.Normalise(1, 200, maxPageSize: 200);

        Assert.Equal(200, window.Size);
    }

    [Fact]
    public void Of_WhenGivenItems_CarriesPageFacts()
    {
        var window = Paging.Normalise(2, 2);

        var page = window.Of<string>(["c", "d"], 5);

        Assert.Equal(2, page.Page);
        Assert.Equal(2, page.PageSize);
        Assert.Equal(5, page.TotalCount);
        Assert.Equal(["c", "d"], page.Items);
    }
}
