/* rapport-app-state.h
 *
 * The window's decisions as plain values, computed without a display so
 * the tests can check them: relative dates, a customer's local time and
 * whether it is within working hours, and the customer editor's inline
 * validation. Widgets only apply what these return.
 */
#pragma once

#include "rapport-customer.h"
#include "rapport-records.h"

G_BEGIN_DECLS

/* "today", "yesterday", "3 days ago", "in 2 days", "5 months ago",
 * "2 years ago"... for a list row; @instant and @now are compared as calendar days in @now's zone. */
char     *rapport_format_relative_day  (gint64       instant,
                                        GDateTime   *now);

typedef struct
{
  char     *time;            /* "14:05" in the customer's zone */
  char     *zone;            /* "Africa/Lagos" */
  gboolean  outside_hours;   /* before the start or after the end of work */
  char     *hint;            /* "Outside working hours (09:00–17:00)" or NULL */
} RapportLocalTime;

/* @start and @end: minutes after midnight of the working day. Returns FALSE
 * when @time_zone is not set or not known. */
gboolean  rapport_local_time_compute   (const char       *time_zone,
                                        GDateTime        *now,
                                        int               start,
                                        int               end,
                                        RapportLocalTime *out);
void      rapport_local_time_clear     (RapportLocalTime *self);

typedef enum
{
  RAPPORT_FORM_FIELD_NAME,
  RAPPORT_FORM_FIELD_EMAIL,
  RAPPORT_FORM_FIELD_PHONE,
  RAPPORT_FORM_FIELD_LANGUAGE,
  RAPPORT_FORM_FIELD_TIME_ZONE,
  RAPPORT_FORM_FIELD_COUNTRY,
  RAPPORT_FORM_N_FIELDS,
} RapportFormField;

typedef struct
{
  char     *errors[RAPPORT_FORM_N_FIELDS];  /* NULL where the field is fine */
  /* rapport_customer_check only: a value the user could not type, kept
   * as another app wrote it; it does not stop saving. */
  char     *kept[RAPPORT_FORM_N_FIELDS];
  gboolean  can_save;
} RapportFormCheck;

/* What the customer editor shows under each field while typing. */
void      rapport_form_check_customer  (const char       *name,
                                        const char       *email,
                                        const char       *phone,
                                        const char       *language,
                                        const char       *time_zone,
                                        const char       *country,
                                        RapportFormCheck *out);
void      rapport_form_check_clear     (RapportFormCheck *self);

/* The customer editor as a whole: the fields of rapport_form_check_customer
 * (name, language, time zone, country) plus one message per email and
 * phone of @draft. The name is the display name, or the given and family
 * names when it is empty.
 *
 * A value as @saved has it (NULL for a new customer) that the user could
 * not type, because another app wrote it, is no error: its message goes
 * to kept, as the store keeps such a value too. */
typedef struct
{
  RapportFormCheck  fields;        /* EMAIL and PHONE stay NULL: see below */
  GPtrArray        *email_errors;  /* char* or NULL, one per draft email */
  GPtrArray        *phone_errors;  /* char* or NULL, one per draft phone */
  GPtrArray        *email_kept;    /* char* or NULL, one per draft email */
  GPtrArray        *phone_kept;    /* char* or NULL, one per draft phone */
  gboolean          can_save;
} RapportCustomerCheck;

void        rapport_customer_check         (const RapportCustomer *draft,
                                            const RapportCustomer *saved,
                                            RapportCustomerCheck  *out);
void        rapport_customer_check_clear   (RapportCustomerCheck  *self);

/* TRUE when the editable fields of @draft differ from @saved: texts
 * compared without surrounding white space (NULL and "" are equal),
 * emails and phones in order, types as a set. */
gboolean    rapport_customer_edit_differs  (const RapportCustomer *saved,
                                            const RapportCustomer *draft);

/* A standard Adwaita symbolic icon for a channel. */
const char *rapport_channel_icon_name      (RapportChannel         channel);

/* "Today", "Yesterday", "Monday 16 November" (with the year when it is not
 * @now's year): @instant's calendar day in @now's zone. */
char       *rapport_format_day_heading     (gint64                 instant,
                                            GDateTime             *now);

/* The contact history grouped by calendar day in @now's zone, in the
 * order given (newest first from the store). */
typedef struct
{
  char      *heading;       /* rapport_format_day_heading */
  GPtrArray *interactions;  /* borrowed RapportInteraction* */
} RapportTimelineDay;

GPtrArray  *rapport_timeline_group         (GPtrArray             *interactions,
                                            GDateTime             *now);
void        rapport_timeline_day_free      (RapportTimelineDay    *self);

/* What one timeline row shows. */
typedef struct
{
  const char *icon_name;
  char       *title;      /* the subject, else the body's first line */
  char       *subtitle;   /* "Inbound · 14:05 · 6m · from Jane Doe" */
  char       *details;    /* "Requested: ...\nPromised: ..." or NULL */
} RapportTimelineEntry;

void        rapport_timeline_entry_compute (const RapportInteraction *interaction,
                                            GTimeZone             *tz,
                                            RapportTimelineEntry  *out);
void        rapport_timeline_entry_clear   (RapportTimelineEntry  *self);

/* "2026-11-20 14:05": @instant on the wall clock of @zone (the local zone
 * when NULL or unknown), as the date-time entries take it back. */
char       *rapport_format_date_time_entry (gint64                 instant,
                                            const char            *zone);

/* A follow-up's due moment for a row: "tomorrow, 10:00", with the zone
 * when it is not @now's ("tomorrow, 10:00 Africa/Lagos"); @overdue is set
 * when the effective due is before @now. */
char       *rapport_format_follow_up_due   (const RapportFollowUp *follow_up,
                                            GDateTime             *now,
                                            gboolean              *overdue);

/* "Ends 2026-12-31 · 1200.00 EUR · Active" */
char       *rapport_format_contract_subtitle (const RapportContract *contract);

/* Who records an interaction: the "recorded-by" setting when set, else
 * the user's real name, else the login name. */
char       *rapport_default_recorded_by    (const char            *setting);

/* The default due moment of a follow-up made from a promise: the next
 * day at the start of the working day (@start minutes), in @zone (local
 * when NULL), as "YYYY-MM-DD HH:MM". */
char       *rapport_default_follow_up_due  (GDateTime             *now,
                                            const char            *zone,
                                            int                    start);

/* The "Log interaction" dialog's fields and what they parse to. */
typedef struct
{
  RapportChannel  channel;
  const char     *date;           /* "2026-11-20" (local zone) */
  const char     *time;           /* "14:05" */
  const char     *subject;
  const char     *body;
  const char     *action_promised;
  const char     *handle_time;    /* "6m"; empty: not recorded */
  gboolean        follow_up;      /* turn the promise into a follow-up */
  const char     *follow_up_due;  /* "2026-11-21 09:00" in @time_zone */
  const char     *time_zone;      /* the customer's zone, NULL: local */
} RapportLogForm;

typedef enum
{
  RAPPORT_LOG_FIELD_CHANNEL,
  RAPPORT_LOG_FIELD_WHEN,
  RAPPORT_LOG_FIELD_SUBJECT,
  RAPPORT_LOG_FIELD_HANDLE_TIME,
  RAPPORT_LOG_FIELD_PROMISE,
  RAPPORT_LOG_FIELD_FOLLOW_UP_DUE,
  RAPPORT_LOG_N_FIELDS,
} RapportLogField;

typedef struct
{
  char     *errors[RAPPORT_LOG_N_FIELDS];
  gint64    when;            /* Unix seconds */
  gint64    handle_time;     /* seconds */
  gint64    follow_up_due;   /* Unix seconds, 0 without follow-up */
  gboolean  can_save;
} RapportLogCheck;

void        rapport_log_form_check         (const RapportLogForm  *form,
                                            RapportLogCheck       *out);
void        rapport_log_check_clear        (RapportLogCheck       *self);

/* The follow-up dialog's repeat choices and priorities. */
typedef enum
{
  RAPPORT_REPEAT_NONE,
  RAPPORT_REPEAT_DAILY,
  RAPPORT_REPEAT_WEEKLY,
  RAPPORT_REPEAT_MONTHLY,
  RAPPORT_REPEAT_CUSTOM,   /* an RRULE made elsewhere: kept as it is */
} RapportRepeat;

/* NULL for NONE and CUSTOM. */
const char *rapport_repeat_to_rrule        (RapportRepeat          repeat);
RapportRepeat rapport_repeat_from_rrule    (const char            *rrule);

/* The priority choices: 0 none, 1 high, 2 normal, 3 low, mapped to the
 * iCalendar priorities 0, 1, 5 and 9. */
int         rapport_priority_from_choice   (guint                  choice);
guint       rapport_priority_to_choice     (int                    priority);

typedef enum
{
  RAPPORT_FOLLOW_UP_FIELD_TITLE,
  RAPPORT_FOLLOW_UP_FIELD_DUE,
  RAPPORT_FOLLOW_UP_FIELD_TIME_ZONE,
  RAPPORT_FOLLOW_UP_N_FIELDS,
} RapportFollowUpField;

typedef struct
{
  char     *errors[RAPPORT_FOLLOW_UP_N_FIELDS];
  gint64    due;           /* Unix seconds */
  char     *time_zone;     /* the zone the due time is in */
  gboolean  can_save;
} RapportFollowUpCheck;

/* @due is read in @time_zone (the local zone when empty). */
void        rapport_follow_up_form_check   (const char            *title,
                                            const char            *due,
                                            const char            *time_zone,
                                            RapportFollowUpCheck  *out);
void        rapport_follow_up_check_clear  (RapportFollowUpCheck  *self);

G_END_DECLS
