namespace Seomin.Contributions.Domain.Institutions;

/// <summary>The three sectors of KINFA's contribution management plan (seed 001: 88 institutions in 3 sectors); the split is an assumption (docs/adr/0017).</summary>
public enum Sector
{
    /// <summary>은행권.</summary>
    Banking,

    /// <summary>상호금융권 (농·수·신협, 새마을금고, 산림조합).</summary>
    MutualFinance,

    /// <summary>제2금융권: 보험, 저축은행, 여신전문금융회사.</summary>
    NonBank,
}

/// <summary>The five categories of institutions that contribute (서민금융법 제47조 제2항 and 시행령 제42조).</summary>
public enum LegalCategory
{
    /// <summary>은행 (은행법상 은행 및 특수은행).</summary>
    Bank,

    /// <summary>상호금융조합 (농업협동조합·수산업협동조합·신용협동조합·산림조합·새마을금고).</summary>
    MutualFinance,

    /// <summary>상호저축은행.</summary>
    SavingsBank,

    /// <summary>보험회사.</summary>
    Insurer,

    /// <summary>여신전문금융회사 (신용카드·캐피탈).</summary>
    CreditSpecialized,
}

/// <summary>The two rate groups of the common contribution (시행령 제42조 제2항): banks and every other institution.</summary>
public enum RateGroup
{
    Banks,
    Others,
}

/// <summary>How an institution files (시행령 제42조 제7항: 상호금융조합 and 상호저축은행 may file and pay through their federation).</summary>
public enum FilingRoute
{
    Direct,
    Federation,
}
