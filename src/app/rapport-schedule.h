/* rapport-schedule.h
 *
 * The decisions of the Follow-ups and Renewals sections as plain values,
 * computed without a display so the tests can check them: snooze targets
 * (on the wall clock of the user's zone, across DST changes), how a due
 * time reads in a row, "ends in 12 days", money written the way the
 * customer's language writes it, language names, and the contract
 * editor's inline validation. Widgets only apply what these return.
 */
#pragma once

#include "rapport-records.h"

G_BEGIN_DECLS

typedef enum
{
  RAPPORT_SNOOZE_ONE_HOUR,   /* an hour from now */
  RAPPORT_SNOOZE_TOMORROW,   /* tomorrow at 09:00 */
  RAPPORT_SNOOZE_NEXT_WEEK,  /* Monday of next week at 09:00 */
} RapportSnooze;

/* The hour "tomorrow" and "next week" snooze to. */
#define RAPPORT_SNOOZE_HOUR 9

/* When a snooze chosen at @now ends, in @now's zone. Days are calendar
 * days on the wall clock: "tomorrow 09:00" is 09:00 even when a DST change
 * makes the night an hour shorter or longer. */
GDateTime *rapport_snooze_target          (RapportSnooze          snooze,
                                           GDateTime             *now);
/* @year-@month-@day @hour:@minute on the wall clock of @now's zone (a time
 * skipped by a DST change moves forward by the gap). NULL when the date
 * does not exist or the moment is not after @now. */
GDateTime *rapport_snooze_target_at       (GDateTime             *now,
                                           int                    year,
                                           int                    month,
                                           int                    day,
                                           int                    hour,
                                           int                    minute);

/* Whether snoozing @follow_up until @target puts it off: @target is after
 * @now and after the moment it is due now. A snooze never brings a
 * follow-up forward. */
gboolean   rapport_snooze_postpones       (const RapportFollowUp *follow_up,
                                           GDateTime             *now,
                                           GDateTime             *target);

/* The next moment the due groups change by themselves: the soonest of
 * @first_today (the effective due time of the first follow-up due later
 * today, 0 for none) and the start of tomorrow in @now's zone. */
gint64     rapport_due_next_change        (GDateTime             *now,
                                           gint64                 first_today);

/* A day and a time as a row shows them, in @now's zone: "Today 14:00",
 * "Tomorrow 09:00", "Yesterday 10:00", "Mon, 30 Mar 09:00" within the
 * year, "2 Jan 2027 09:00" beyond it. */
char      *rapport_format_day_time        (gint64                 instant,
                                           GDateTime             *now);

typedef struct
{
  char     *when;       /* the effective due time in the user's zone */
  char     *zone_time;  /* "10:00 Africa/Lagos" (with the weekday when the
                         * date differs there), NULL when it was set in the
                         * user's zone */
  gboolean  snoozed;
  gboolean  overdue;
  gboolean  recurring;
} RapportDueLabel;

/* How a follow-up's row reads its due time; @now is in the user's zone. */
void       rapport_due_label_compute      (const RapportFollowUp *follow_up,
                                           GDateTime             *now,
                                           RapportDueLabel       *out);
void       rapport_due_label_clear        (RapportDueLabel       *self);

/* How many follow-ups a group shows at first and adds per "Show more". */
#define RAPPORT_DUE_PAGE 100

/* The label of a group's "Show more" row when @shown of @total are
 * listed: "Show 100 More", "Show 45 More"; NULL when all are shown. */
char      *rapport_format_show_more       (guint                  shown,
                                           guint                  total);

/* Whole calendar days from @now's day (in its zone) to @date (YYYY-MM-DD);
 * negative when past. FALSE when @date is not a date. */
gboolean   rapport_days_until             (const char            *date,
                                           GDateTime             *now,
                                           int                   *days);
/* "Ends today", "Ends tomorrow", "Ends in 12 days", "Ended yesterday",
 * "Ended 3 days ago". NULL when @end_date is not a date. */
char      *rapport_format_ends_in         (const char            *end_date,
                                           GDateTime             *now);
/* @date (YYYY-MM-DD) moved by @years, 29 February becoming the 28th in
 * other years, into @out. */
gboolean   rapport_date_add_years         (const char            *date,
                                           int                    years,
                                           char                   out[11]);

/* "14 Dec 2026" for "2026-12-14"; NULL when @date is not a date. */
char      *rapport_format_date            (const char            *date);

typedef struct
{
  char       *ends;       /* "Ends in 12 days" */
  char       *end_date;   /* "14 Dec 2026" */
  char       *value;      /* "4.800,00 EUR" in the customer's language */
  char       *language;   /* "German (de-DE)", NULL when not known */
  const char *state;      /* "Active", "Renewal due" (translated) */
  gboolean    soon;       /* ends within a week, today included */
  gboolean    ended;      /* the end date has passed */
} RapportRenewalSummary;

/* What a row of the Renewals section shows for @contract of a customer
 * whose preferred language is @language (NULL: not known). */
void       rapport_renewal_summary_compute (const RapportContract *contract,
                                            const char            *language,
                                            GDateTime             *now,
                                            RapportRenewalSummary *out);
void       rapport_renewal_summary_clear   (RapportRenewalSummary *self);

/* The amount as @language (BCP 47) writes numbers, followed by the ISO
 * code: "4.800,00 EUR" (de), "4,800.00 EUR" (en), "4 800,00 EUR" (fr, a
 * narrow no-break space), "1.500.000 RWF" (rw). Languages the table does
 * not know, and NULL, get the plain "4800.00 EUR". NULL when @currency is
 * not an ISO 4217 code. */
char      *rapport_format_money_for_language (gint64              minor_units,
                                              const char         *currency,
                                              const char         *language);
/* The language's name in the user's language: "German" for "de",
 * "German (de-CH)" for a tag with more subtags, the tag itself for a
 * language the table does not know. NULL for NULL or an empty tag. */
char      *rapport_language_display_name  (const char            *tag);

/* The chip a renewal notice shows for @state: "Notice due",
 * "Prepared", "Sent", "Renewed", "Lapsed" (translated). */
const char *rapport_notice_state_chip     (RapportNoticeState     state);
/* The state of a notice once it has been handed on (opened in the mail
 * client, copied, printed or edited and kept): a notice due becomes
 * prepared; one already prepared, sent or closed keeps its state. */
RapportNoticeState rapport_notice_state_after_prepare (RapportNoticeState state);
/* Whether a notice in @state can still be marked sent: due or prepared. */
gboolean   rapport_notice_state_can_send  (RapportNoticeState     state);
/* What a contract's notice becomes when the contract is marked
 * @contract_state: renewed or lapsed. FALSE for any other state (the
 * notice keeps its own). */
gboolean   rapport_notice_state_for_contract (RapportContractState contract_state,
                                              RapportNoticeState  *out);

/* The languages a notice offers to be written in: @customer_language
 * first (when set), then English, German, French, Spanish and Japanese,
 * each primary language once ("de-CH" stands for German). Free with
 * g_strfreev(). */
char     **rapport_notice_languages       (const char            *customer_language);

/* The subtitle of a customer's Stay in Touch row: @own_days is their own
 * cadence, @type_days the shortest cadence of their types (0: none).
 * "A follow-up is proposed after 14 days without contact", "Follows the
 * customer type: every 30 days", or how to turn it on. */
char      *rapport_stay_in_touch_hint     (int                    own_days,
                                           int                    type_days);

typedef enum
{
  RAPPORT_CONTRACT_FIELD_PRODUCT,
  RAPPORT_CONTRACT_FIELD_START,
  RAPPORT_CONTRACT_FIELD_END,
  RAPPORT_CONTRACT_FIELD_VALUE,
  RAPPORT_CONTRACT_FIELD_CURRENCY,
  RAPPORT_CONTRACT_N_FIELDS,
} RapportContractField;

typedef struct
{
  char     *errors[RAPPORT_CONTRACT_N_FIELDS];  /* NULL where the field is fine */
  gboolean  can_save;
  /* Filled where the field is fine: */
  char      start[11];
  char      end[11];
  char     *currency;                           /* upper case */
  gint64    value;                              /* minor units */
} RapportContractCheck;

/* What the contract editor shows under its fields while typing. */
void       rapport_contract_check         (const char            *product,
                                           const char            *start,
                                           const char            *end,
                                           const char            *value,
                                           const char            *currency,
                                           RapportContractCheck  *out);
void       rapport_contract_check_clear   (RapportContractCheck  *self);

G_END_DECLS
