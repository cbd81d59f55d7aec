namespace Seomin.Contributions.Domain.Institutions;

/// <summary>One contributing institution as seeded: its code is the <c>institution_code</c> its clients' tokens carry.</summary>
public sealed record InstitutionSeed(
    string Code,
    string Name,
    Sector Sector,
    LegalCategory Category,
    RateGroup RateGroup,
    FilingRoute Route,
    string? FederationCode);

/// <summary>A federation (중앙회) that files for its member institutions (시행령 제42조 제7항).</summary>
public sealed record FederationSeed(string Code, string Name);

/// <summary>
/// The seeded institution list. No public list of KINFA's 88 institutions exists (reference-figures.md): the
/// 19 banks carry their real 금융결제원 bank codes (004 KB국민, 088 신한: the identity service's dev institution
/// clients); the other 69 codes are synthetic. Split (assumption, docs/adr/0017): 은행권 19, 상호금융권 5,
/// 제2금융권 64 (저축은행 20, 보험 26, 여신전문 18).
/// </summary>
public static class InstitutionCatalogue
{
    public const string SavingsBankFederation = "050";

    public static IReadOnlyList<FederationSeed> Federations { get; } =
    [
        new(SavingsBankFederation, "상호저축은행중앙회"),
        new("901", "농협중앙회(상호금융)"),
        new("902", "수협중앙회(상호금융)"),
        new("903", "신협중앙회"),
        new("904", "새마을금고중앙회"),
        new("905", "산림조합중앙회"),
    ];

    public static IReadOnlyList<InstitutionSeed> All { get; } = Build();

    private static List<InstitutionSeed> Build()
    {
        var list = new List<InstitutionSeed>();
        (string Code, string Name)[] banks =
        [
            ("002", "한국산업은행"), ("003", "중소기업은행"), ("004", "KB국민은행"), ("007", "수협은행"), ("011", "NH농협은행"),
            ("020", "우리은행"), ("023", "SC제일은행"), ("027", "한국씨티은행"), ("031", "iM뱅크"), ("032", "부산은행"),
            ("034", "광주은행"), ("035", "제주은행"), ("037", "전북은행"), ("039", "경남은행"), ("081", "하나은행"),
            ("088", "신한은행"), ("089", "케이뱅크"), ("090", "카카오뱅크"), ("092", "토스뱅크"),
        ];
        list.AddRange(banks.Select(b => new InstitutionSeed(b.Code, b.Name, Sector.Banking, LegalCategory.Bank, RateGroup.Banks, FilingRoute.Direct, null)));

        (string Code, string Name, string Federation)[] mutual =
        [
            ("401", "지역 농·축협", "901"), ("402", "지구별 수협", "902"), ("403", "신용협동조합", "903"),
            ("404", "새마을금고", "904"), ("405", "지역 산림조합", "905"),
        ];
        list.AddRange(mutual.Select(m => new InstitutionSeed(m.Code, m.Name, Sector.MutualFinance, LegalCategory.MutualFinance, RateGroup.Others, FilingRoute.Federation, m.Federation)));

        for (var i = 1; i <= 20; i++)
        {
            list.Add(new($"{200 + i}", $"상호저축은행 {i:D2}", Sector.NonBank, LegalCategory.SavingsBank, RateGroup.Others, FilingRoute.Federation, SavingsBankFederation));
        }

        for (var i = 1; i <= 26; i++)
        {
            list.Add(new($"{100 + i}", $"보험회사 {i:D2}", Sector.NonBank, LegalCategory.Insurer, RateGroup.Others, FilingRoute.Direct, null));
        }

        for (var i = 1; i <= 18; i++)
        {
            list.Add(new($"{300 + i}", $"여신전문금융회사 {i:D2}", Sector.NonBank, LegalCategory.CreditSpecialized, RateGroup.Others, FilingRoute.Direct, null));
        }

        return list;
    }
}
