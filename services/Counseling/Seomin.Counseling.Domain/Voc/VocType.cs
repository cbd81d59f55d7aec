namespace Seomin.Counseling.Domain.Voc;

/// <summary>Kinds of voice of the customer (고객의 소리).</summary>
public enum VocType
{
    /// <summary>불만.</summary>
    Complaint,

    /// <summary>제안.</summary>
    Suggestion,

    /// <summary>칭찬.</summary>
    Praise,

    /// <summary>절차 문의 (법정민원 아닌 질의).</summary>
    ProceduralInquiry,

    /// <summary>법령 해석 질의.</summary>
    LegalInquiry,

    /// <summary>고충민원.</summary>
    Grievance,

    /// <summary>단순 요청 (즉시 처리 가능한 민원).</summary>
    SimpleRequest,
}

/// <summary>How the VOC reached us. Electronic submissions must be registered within 8 working hours.</summary>
public enum VocChannel
{
    Call,
    Visit,
    Letter,
    Web,
    App,
    Email,
    Chat,
}

public enum VocStatus
{
    Registered,
    Routed,
    Resolved,

    /// <summary>Transferred to the competent agency (타 기관 이송), which answers it.</summary>
    Transferred,
}

public enum VocNoticeKind
{
    Extension,
    Progress,
    Answer,
}
