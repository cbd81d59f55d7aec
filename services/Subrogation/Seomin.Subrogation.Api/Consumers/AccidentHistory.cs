using Seomin.BusinessTime;
using Seomin.Subrogation.Api.Data;
using Seomin.Subrogation.Domain.Reports;

namespace Seomin.Subrogation.Api.Consumers;

/// <summary>
/// The accident book's movements a guarantee's business history implies, whatever order its events were consumed in.
/// <para>
/// The events carry no accident id: a cure (<c>GuaranteeNormalized</c>) names only the guarantee and when it happened.
/// The guarantee service reports an accident only on a guarantee that is not in accident (LoanExecuted or Normalised)
/// and cures only one that is, so ordered by <see cref="GuaranteeStatusEvent.OccurredAt"/> the history is a series of
/// episodes: accident report(s), then at most one cure. A cure belongs to the episode open just before it; an accident
/// that occurred after a cure opens a new episode (a second accident), one that occurred before it belongs to the
/// episode the cure closes (a late first accident), and one that occurred while its episode was already open is a
/// repeated report of the same accident (it adds nothing). Occurred-at, not arrival, decides.
/// </para>
/// <para>
/// Each episode is booked once: 발생 (New) from its latest report (its accident date, the guaranteed share of the
/// balance then), keyed by that report's event id, and 정상화 (Normalised) of the same amount on the cure's Seoul date,
/// keyed by the cure's event id. What is booked already is matched by those ids and never booked again.
/// </para>
/// </summary>
public static class AccidentHistory
{
    /// <summary>A movement already in the accident book for this guarantee.</summary>
    public readonly record struct Booked(Movement Movement, Guid SourceId, long Won);

    /// <summary>A movement still to book.</summary>
    public readonly record struct ToBook(Movement Movement, DateOnly On, long Won, Guid SourceId);

    /// <summary>The episodes of <paramref name="history"/> in business order.</summary>
    public static IReadOnlyList<(IReadOnlyList<GuaranteeStatusEvent> Reports, GuaranteeStatusEvent? Cure)> Episodes(IEnumerable<GuaranteeStatusEvent> history)
    {
        var episodes = new List<(IReadOnlyList<GuaranteeStatusEvent>, GuaranteeStatusEvent?)>();
        List<GuaranteeStatusEvent>? open = null;
        // At the same instant an accident comes before a cure (a cure needs an accident before it).
        foreach (var e in history.OrderBy(e => e.OccurredAt).ThenBy(e => e.Kind).ThenBy(e => e.EventId))
        {
            if (e.Kind == GuaranteeStatusKind.Accident)
            {
                open ??= [];
                open.Add(e);
            }
            else if (open is not null)
            {
                episodes.Add((open, e));
                open = null;
            }

            // A cure with no open episode before it cures nothing (the guarantee service never publishes one).
        }

        if (open is not null)
        {
            episodes.Add((open, null));
        }

        return episodes;
    }

    /// <summary>What is missing from <paramref name="booked"/>; <paramref name="share"/> gives the guarantor's part of a balance.</summary>
    public static IReadOnlyList<ToBook> Missing(IEnumerable<GuaranteeStatusEvent> history, IReadOnlyCollection<Booked> booked, Func<long, long> share)
    {
        var missing = new List<ToBook>();
        foreach (var (reports, cure) in Episodes(history))
        {
            var ids = reports.Select(r => r.EventId).ToHashSet();
            var bookedNew = booked.Where(b => b.Movement == Movement.New && ids.Contains(b.SourceId)).ToList();
            long won;
            if (bookedNew.Count > 0)
            {
                won = bookedNew[0].Won;
            }
            else
            {
                var latest = reports[^1];
                won = share(latest.OutstandingBalance ?? 0);
                missing.Add(new ToBook(Movement.New, latest.AccidentOn ?? BusinessClock.SeoulDate(latest.OccurredAt), won, latest.EventId));
            }

            if (cure is not null && !booked.Any(b => b.Movement == Movement.Normalised && b.SourceId == cure.EventId))
            {
                missing.Add(new ToBook(Movement.Normalised, BusinessClock.SeoulDate(cure.OccurredAt), won, cure.EventId));
            }
        }

        return missing;
    }
}
