/* rapport-recurrence.h
 *
 * iCalendar RRULE recurrence for follow-ups. Occurrences are computed on
 * the wall clock of the zone the follow-up was set in, so "every Monday at
 * 10:00 Africa/Lagos" stays at 10:00 there across DST changes anywhere.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Checks @rrule ("FREQ=WEEKLY;BYDAY=MO") and returns it in canonical form,
 * without a leading "RRULE:". Follow-ups repeat hourly at most often. */
char     *rapport_recurrence_normalize (const char  *rrule,
                                        const char  *field,
                                        GError     **error);
/* The canonical form of any rule libical reads, whatever it repeats: for
 * rules from other apps, kept as they are. */
char     *rapport_recurrence_canonical (const char  *rrule,
                                        const char  *field,
                                        GError     **error);
/* The first occurrence of the series that starts at @start (UTC) in
 * @time_zone and is strictly after @after (UTC), however far away.
 * Returns FALSE with @error unset when the series has ended, with @error
 * set when the rule cannot be repeated (parts that do not go together),
 * or the next occurrence of a rule counted from its start (COUNT, months,
 * years) is beyond the iteration limit. Any frequency is repeated, also
 * those entry refuses (a rule from another app). @skipped: for a rule
 * with COUNT, how many occurrences lay between @start and the one
 * returned, @start excluded (used to count COUNT down). */
gboolean  rapport_recurrence_next      (const char  *rrule,
                                        gint64       start,
                                        const char  *time_zone,
                                        gint64       after,
                                        gint64      *next,
                                        guint       *skipped,
                                        GError     **error);
/* The rule as entry accepts it (rapport_recurrence_normalize), and
 * completable: its next occurrence after @start is looked for with
 * rapport_recurrence_next, the function completing the follow-up uses.
 * Refuses, naming @field and why, a rule that cannot be repeated or
 * whose COUNT is above the limit. A series with no occurrence after
 * @start is accepted: completing it ends it. */
char     *rapport_recurrence_check     (const char  *rrule,
                                        gint64       start,
                                        const char  *time_zone,
                                        const char  *field,
                                        GError     **error);
/* The RRULE of the series that continues at the occurrence after the
 * first @used ones: COUNT=n becomes COUNT=n-@used; NULL when no
 * occurrence is left. Other rules come back unchanged. */
char     *rapport_recurrence_advance   (const char  *rrule,
                                        guint        used);

G_END_DECLS
