/* rapport-ical-records.h
 *
 * Follow-ups, renewal notices and interactions <-> iCalendar (RFC 5545)
 * through libical; see the sync section of DESIGN.md.
 *
 *   follow-up    VTODO: UID, SUMMARY, DESCRIPTION, DUE;TZID (+VTIMEZONE),
 *                STATUS, COMPLETED (+PERCENT-COMPLETE:100 when done),
 *                PRIORITY, RRULE (+DTSTART at the first DUE: a recurrence
 *                needs its start), VALARM (TRIGGER;RELATED=END:PT0S),
 *                X-RAPPORT-CUSTOMER-UID, CONTACT;ALTREP="urn:uuid:...",
 *                X-RAPPORT-SNOOZED-UNTIL (UTC), CREATED, DTSTAMP and
 *                LAST-MODIFIED (the record's last change). Never RELATED-TO.
 *   notice       VTODO with CATEGORIES:Renewal, SUMMARY (the subject, else
 *                "Renewal: <product>"), DESCRIPTION (the text), DUE as a
 *                DATE, STATUS (+X-RAPPORT-NOTICE-STATE, exact), the
 *                contract in X-RAPPORT-CONTRACT-UID, -PRODUCT, -START, -END,
 *                -VALUE (minor units), -CURRENCY, -AUTO-RENEW (TRUE or
 *                FALSE), so that a database that never had the contract
 *                learns it from its notice; no RRULE.
 *   interaction  VJOURNAL (or, where the calendar has none, a completed
 *                VTODO): DTSTART (UTC), SUMMARY, DESCRIPTION, CATEGORIES
 *                (the channel), X-RAPPORT-DIRECTION, -ACTION-REQUESTED,
 *                -ACTION-PROMISED, -RECORDED-BY, -HANDLE-TIME (a
 *                DURATION), -OUTCOME, -CONTACT-NAME, -CONTACT-POINT.
 *
 * Customer UIDs are passed and returned bare; the iCalendar text carries
 * them as urn:uuid:<uid>.
 *
 * Reading accepts what servers and other clients write: a DUE in UTC, as
 * a DATE (midnight in the follow-up's zone) or with a TZID that carries a
 * vendor prefix ("/mozilla.org/20050126_1/Europe/Berlin"), properties and
 * components nobody here knows. A reader fills only the fields the text
 * carries and leaves the others (id, customer_id...) as they were; a
 * follow-up whose DUE names no zone keeps the zone it had (the local zone
 * when it had none). Malformed text is a RAPPORT_ERROR_PARSE naming what
 * is wrong; nothing here asserts on its input.
 *
 * Updating starts from the copy last read from the server and replaces
 * only the properties whose record field differs from what that copy
 * says, line by line: every other line, and each VALARM, keeps its bytes
 * and its folding. Nothing changed gives back the copy as it was.
 */
#pragma once

#include <glib.h>

#include "rapport-records.h"

G_BEGIN_DECLS

typedef enum
{
  RAPPORT_ICAL_RECORD_FOLLOW_UP,
  RAPPORT_ICAL_RECORD_NOTICE,
  RAPPORT_ICAL_RECORD_INTERACTION,
} RapportIcalRecord;

typedef enum
{
  RAPPORT_ICAL_INTERACTION_JOURNAL,   /* VJOURNAL */
  RAPPORT_ICAL_INTERACTION_TODO,      /* a completed VTODO, for calendars without VJOURNAL */
} RapportIcalInteractionForm;

#define RAPPORT_ICAL_PRODID "-//Rapport//Rapport//EN"

/* Writers: a whole VCALENDAR object, CRLF line ends, folded. The
 * follow-up's and the notice's customer name come from their
 * customer_name fields. */
char     *rapport_ical_from_follow_up     (const RapportFollowUp        *follow_up,
                                           const char                   *customer_uid,
                                           GError                      **error);
char     *rapport_ical_from_notice        (const RapportNotice          *notice,
                                           const RapportContract        *contract,
                                           const char                   *customer_uid,
                                           GError                      **error);
char     *rapport_ical_from_interaction   (const RapportInteraction     *interaction,
                                           const char                   *customer_uid,
                                           const char                   *customer_name,
                                           RapportIcalInteractionForm    form,
                                           GError                      **error);

/* Which record a calendar object holds: a VJOURNAL, or a VTODO with
 * X-RAPPORT-DIRECTION, is an interaction; a VTODO with
 * X-RAPPORT-NOTICE-STATE or X-RAPPORT-CONTRACT-UID a notice; any other
 * VTODO a follow-up. @length
 * may be -1 when @ics ends with a NUL. */
gboolean  rapport_ical_detect             (const char                   *ics,
                                           gssize                        length,
                                           RapportIcalRecord            *record,
                                           GError                      **error);

/* Readers. @customer_uid: the customer the object is about, or NULL when
 * it names none (a task made in another app). @remote_copy: the text as
 * read, to give to the matching _update function later. Both may be
 * NULL when not wanted. */
gboolean  rapport_ical_read_follow_up     (const char                   *ics,
                                           gssize                        length,
                                           RapportFollowUp              *follow_up,
                                           char                        **customer_uid,
                                           char                        **remote_copy,
                                           GError                      **error);
/* The email addresses a task names in CONTACT (ALTREP mailto:, or
 * "Name <address>" as other clients write it) and ATTENDEE, in order;
 * empty when there are none or the text does not read. */
GPtrArray *rapport_ical_dup_follow_up_emails (const char                  *ics,
                                              gssize                       length);
/* @contract may be NULL. */
gboolean  rapport_ical_read_notice        (const char                   *ics,
                                           gssize                        length,
                                           RapportNotice                *notice,
                                           RapportContract              *contract,
                                           char                        **customer_uid,
                                           char                        **remote_copy,
                                           GError                      **error);
/* @form: which of the two forms the text used; may be NULL. */
gboolean  rapport_ical_read_interaction   (const char                   *ics,
                                           gssize                        length,
                                           RapportInteraction           *interaction,
                                           RapportIcalInteractionForm   *form,
                                           char                        **customer_uid,
                                           char                        **remote_copy,
                                           GError                      **error);

/* Updates of a remote copy (see above). A VTIMEZONE is added when DUE
 * moves to a zone the copy does not define; SEQUENCE, when the copy has
 * one, goes up by one with any change; the VALARMs are left alone. */
char     *rapport_ical_update_follow_up   (const char                   *remote_copy,
                                           const RapportFollowUp        *follow_up,
                                           const char                   *customer_uid,
                                           GError                      **error);
char     *rapport_ical_update_notice      (const char                   *remote_copy,
                                           const RapportNotice          *notice,
                                           const RapportContract        *contract,
                                           const char                   *customer_uid,
                                           GError                      **error);
char     *rapport_ical_update_interaction (const char                   *remote_copy,
                                           const RapportInteraction     *interaction,
                                           const char                   *customer_uid,
                                           const char                   *customer_name,
                                           GError                      **error);

/* SHA-256 (hex) of a normalized copy: parsed, without DTSTAMP,
 * LAST-MODIFIED, CREATED, PRODID, SEQUENCE and VTIMEZONEs, each property
 * written the one same way with its parameters sorted, properties and
 * components sorted. A server's re-serialization hashes the same; a real
 * change does not. Text libical cannot read hashes as its raw bytes.
 * Never NULL. */
char     *rapport_ical_normalized_hash    (const char                   *ics);

G_END_DECLS
