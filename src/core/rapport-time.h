/* rapport-time.h
 *
 * Parsing and formatting of the dates, times and durations that users
 * type. Instants are stored as Unix seconds in UTC.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Accepts "YYYY-MM-DD" (midnight), "YYYY-MM-DD HH:MM", "YYYY-MM-DD HH:MM:SS"
 * (all in @tz, or the local zone when @tz is NULL) and ISO 8601 date-times
 * ("2026-11-20T14:30:00Z", "2026-11-20T14:30+01:00"; without an offset they
 * are in @tz too). A wall time that does not exist in @tz (skipped by a DST
 * change) moves forward by the gap; an ambiguous one takes the first
 * occurrence. */
GDateTime *rapport_parse_date_time (const char  *text,
                                    GTimeZone   *tz,
                                    const char  *field,
                                    GError     **error);
/* A calendar date "YYYY-MM-DD" (also accepts an ISO 8601 date-time and keeps
 * its date). Writes the canonical "YYYY-MM-DD" to @out (11 bytes). */
gboolean   rapport_parse_date      (const char  *text,
                                    const char  *field,
                                    char         out[11],
                                    GError     **error);
/* "6m", "90s", "1h30m", "1h 30m 10s", "1:30" (minutes:seconds),
 * "01:02:03", a bare number means minutes. Zero to 30 days; negative,
 * empty and unparsable values are refused. */
gboolean   rapport_parse_duration  (const char  *text,
                                    const char  *field,
                                    gint64      *seconds,
                                    GError     **error);
/* "45s", "6m", "1h 30m", "1h 2m 5s": the non-zero hours, minutes and
 * seconds, largest first ("0s" for zero; hours are not carried into
 * days). @seconds must not be negative. */
char      *rapport_format_duration (gint64       seconds);
/* The zone named by @identifier, or the user's local zone when NULL, empty
 * or not a zone GLib can load. */
GTimeZone *rapport_time_zone_new   (const char  *identifier);

G_END_DECLS
