/* rapport-schedule.c */

#define G_LOG_DOMAIN "rapport-schedule"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "rapport-schedule.h"
#include "rapport-time.h"
#include "rapport-validate.h"

typedef struct
{
  const char *tag;            /* primary language subtag, or language-REGION */
  const char *decimal;        /* NULL: write the plain form */
  const char *group;
  guint       min_grouping;   /* digits before the first group separator is used */
} NumberStyle;

/* From CLDR's number symbols. Sorted by tag (strcmp), checked on use. */
static const NumberStyle number_styles[] = {
  { "af",    ",", "\u00a0", 1 },
  { "bg",    ",", "\u00a0", 1 },
  { "ca",    ",", ".",      1 },
  { "cs",    ",", "\u00a0", 1 },
  { "cy",    ".", ",",      1 },
  { "da",    ",", ".",      1 },
  { "de",    ",", ".",      1 },
  { "de-AT", ",", "\u00a0", 1 },
  { "de-CH", ".", "\u2019", 1 },
  { "de-LI", ".", "\u2019", 1 },
  { "el",    ",", ".",      1 },
  { "en",    ".", ",",      1 },
  { "en-IN", NULL, NULL,    1 },
  { "en-ZA", ",", "\u00a0", 1 },
  { "es",    ",", ".",      2 },
  { "es-MX", ".", ",",      1 },
  { "es-US", ".", ",",      1 },
  { "et",    ",", "\u00a0", 2 },
  { "fi",    ",", "\u00a0", 1 },
  { "fil",   ".", ",",      1 },
  { "fr",    ",", "\u202f", 1 },
  { "fr-CA", ",", "\u00a0", 1 },
  { "ga",    ".", ",",      1 },
  { "ha",    ".", ",",      1 },
  { "he",    ".", ",",      1 },
  { "hr",    ",", ".",      1 },
  { "hu",    ",", "\u00a0", 1 },
  { "id",    ",", ".",      1 },
  { "ig",    ".", ",",      1 },
  { "it",    ",", ".",      1 },
  { "it-CH", ".", "\u2019", 1 },
  { "ja",    ".", ",",      1 },
  { "ko",    ".", ",",      1 },
  { "lt",    ",", "\u00a0", 1 },
  { "lv",    ",", "\u00a0", 1 },
  { "ms",    ".", ",",      1 },
  { "nb",    ",", "\u00a0", 1 },
  { "nl",    ",", ".",      1 },
  { "nn",    ",", "\u00a0", 1 },
  { "no",    ",", "\u00a0", 1 },
  { "pl",    ",", "\u00a0", 2 },
  { "pt",    ",", ".",      1 },
  { "pt-PT", ",", "\u00a0", 2 },
  { "ro",    ",", ".",      1 },
  { "ru",    ",", "\u00a0", 1 },
  { "rw",    ",", ".",      1 },
  { "sk",    ",", "\u00a0", 1 },
  { "sl",    ",", ".",      1 },
  { "sv",    ",", "\u00a0", 1 },
  { "sw",    ".", ",",      1 },
  { "th",    ".", ",",      1 },
  { "tr",    ",", ".",      1 },
  { "uk",    ",", "\u00a0", 1 },
  { "vi",    ",", ".",      1 },
  { "yo",    ".", ",",      1 },
  { "zh",    ".", ",",      1 },
};

typedef struct
{
  const char *tag;
  const char *name;
} LanguageName;

/* Sorted by tag (strcmp), checked on use. */
static const LanguageName language_names[] = {
  { "af", N_("Afrikaans") },
  { "am", N_("Amharic") },
  { "ar", N_("Arabic") },
  { "bg", N_("Bulgarian") },
  { "bn", N_("Bengali") },
  { "ca", N_("Catalan") },
  { "cs", N_("Czech") },
  { "cy", N_("Welsh") },
  { "da", N_("Danish") },
  { "de", N_("German") },
  { "el", N_("Greek") },
  { "en", N_("English") },
  { "es", N_("Spanish") },
  { "et", N_("Estonian") },
  { "fa", N_("Persian") },
  { "fi", N_("Finnish") },
  { "fil", N_("Filipino") },
  { "fr", N_("French") },
  { "ga", N_("Irish") },
  { "ha", N_("Hausa") },
  { "he", N_("Hebrew") },
  { "hi", N_("Hindi") },
  { "hr", N_("Croatian") },
  { "hu", N_("Hungarian") },
  { "id", N_("Indonesian") },
  { "ig", N_("Igbo") },
  { "it", N_("Italian") },
  { "ja", N_("Japanese") },
  { "ko", N_("Korean") },
  { "lt", N_("Lithuanian") },
  { "lv", N_("Latvian") },
  { "ms", N_("Malay") },
  { "nb", N_("Norwegian Bokmål") },
  { "nl", N_("Dutch") },
  { "nn", N_("Norwegian Nynorsk") },
  { "no", N_("Norwegian") },
  { "pl", N_("Polish") },
  { "pt", N_("Portuguese") },
  { "ro", N_("Romanian") },
  { "ru", N_("Russian") },
  { "rw", N_("Kinyarwanda") },
  { "sk", N_("Slovak") },
  { "sl", N_("Slovenian") },
  { "sr", N_("Serbian") },
  { "sv", N_("Swedish") },
  { "sw", N_("Swahili") },
  { "ta", N_("Tamil") },
  { "th", N_("Thai") },
  { "tr", N_("Turkish") },
  { "uk", N_("Ukrainian") },
  { "ur", N_("Urdu") },
  { "vi", N_("Vietnamese") },
  { "yo", N_("Yoruba") },
  { "zh", N_("Chinese") },
  { "zu", N_("Zulu") },
};

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

/* The core's messages begin with the field name ("start: ..."); next to
 * the field itself the rest is enough. */
static char *
message_without_field (const GError *error)
{
  const char *colon = strstr (error->message, ": ");

  return g_strdup (colon != NULL ? colon + 2 : error->message);
}

static GDate *
date_of (GDateTime *date_time)
{
  return g_date_new_dmy (g_date_time_get_day_of_month (date_time),
                         g_date_time_get_month (date_time),
                         g_date_time_get_year (date_time));
}

static GDate *
parse_date (const char *text)
{
  char canonical[11];
  int year, month, day;

  if (text == NULL || !rapport_parse_date (text, "date", canonical, NULL))
    return NULL;
  if (sscanf (canonical, "%4d-%2d-%2d", &year, &month, &day) != 3 ||
      !g_date_valid_dmy (day, month, year))
    return NULL;

  return g_date_new_dmy (day, month, year);
}

/* Wall-clock time on @date in @tz, through the same rules as what users
 * type (a time in a DST gap moves forward by the gap). */
static GDateTime *
wall_time (GTimeZone   *tz,
           const GDate *date,
           int          hour,
           int          minute)
{
  char text[32];

  g_snprintf (text, sizeof text, "%04d-%02d-%02d %02d:%02d",
              g_date_get_year (date), g_date_get_month (date),
              g_date_get_day (date), hour, minute);

  return rapport_parse_date_time (text, tz, "time", NULL);
}

GDateTime *
rapport_snooze_target (RapportSnooze  snooze,
                       GDateTime     *now)
{
  g_autoptr(GDate) day = NULL;

  g_return_val_if_fail (now != NULL, NULL);

  if (snooze == RAPPORT_SNOOZE_ONE_HOUR)
    return g_date_time_add_hours (now, 1);

  day = date_of (now);

  switch (snooze)
    {
    case RAPPORT_SNOOZE_TOMORROW:
      g_date_add_days (day, 1);
      break;

    case RAPPORT_SNOOZE_NEXT_WEEK:
      /* 1 Monday .. 7 Sunday: on a Monday, the Monday a week later. */
      g_date_add_days (day, 8 - g_date_time_get_day_of_week (now));
      break;

    case RAPPORT_SNOOZE_ONE_HOUR:
    default:
      g_return_val_if_reached (NULL);
    }

  return wall_time (g_date_time_get_timezone (now), day, RAPPORT_SNOOZE_HOUR, 0);
}

GDateTime *
rapport_snooze_target_at (GDateTime *now,
                          int        year,
                          int        month,
                          int        day,
                          int        hour,
                          int        minute)
{
  g_autoptr(GDate) date = NULL;
  g_autoptr(GDateTime) target = NULL;

  g_return_val_if_fail (now != NULL, NULL);

  if (year < 1 || year > 9999 || !g_date_valid_dmy (day, month, year) ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return NULL;

  date = g_date_new_dmy (day, month, year);
  target = wall_time (g_date_time_get_timezone (now), date, hour, minute);
  if (target == NULL || g_date_time_compare (target, now) <= 0)
    return NULL;

  return g_steal_pointer (&target);
}

gboolean
rapport_snooze_postpones (const RapportFollowUp *follow_up,
                          GDateTime             *now,
                          GDateTime             *target)
{
  gint64 until;

  g_return_val_if_fail (follow_up != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (target == NULL)
    return FALSE;

  until = g_date_time_to_unix (target);

  return until > g_date_time_to_unix (now) &&
         until > rapport_follow_up_get_effective_due (follow_up);
}

gint64
rapport_due_next_change (GDateTime *now,
                         gint64     first_today)
{
  g_autoptr(GDate) day = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  gint64 tomorrow;

  g_return_val_if_fail (now != NULL, 0);

  day = date_of (now);
  g_date_add_days (day, 1);
  midnight = wall_time (g_date_time_get_timezone (now), day, 0, 0);
  tomorrow = g_date_time_to_unix (midnight);

  if (first_today > g_date_time_to_unix (now) && first_today < tomorrow)
    return first_today;

  return tomorrow;
}

char *
rapport_format_day_time (gint64     instant,
                         GDateTime *now)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDate) then_day = NULL;
  g_autoptr(GDate) now_day = NULL;
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;
  int days;

  g_return_val_if_fail (now != NULL, NULL);

  utc = g_date_time_new_from_unix_utc (instant);
  local = g_date_time_to_timezone (utc, g_date_time_get_timezone (now));
  then_day = date_of (local);
  now_day = date_of (now);
  days = g_date_days_between (now_day, then_day);

  if (days == 0)
    day = g_strdup (_("Today"));
  else if (days == 1)
    day = g_strdup (_("Tomorrow"));
  else if (days == -1)
    day = g_strdup (_("Yesterday"));
  else if (g_date_time_get_year (local) == g_date_time_get_year (now))
    /* Translators: a date within this year, see g_date_time_format() */
    day = g_date_time_format (local, _("%a, %-d %b"));
  else
    /* Translators: a date with its year, see g_date_time_format() */
    day = g_date_time_format (local, _("%-d %b %Y"));

  time = g_date_time_format (local, "%H:%M");

  /* Translators: a day ("Today", "Mon, 30 Mar") and a time ("09:00") */
  return g_strdup_printf (C_("day and time", "%s %s"), day, time);
}

void
rapport_due_label_compute (const RapportFollowUp *follow_up,
                           GDateTime             *now,
                           RapportDueLabel       *out)
{
  GTimeZone *user_zone;
  gint64 due;

  g_return_if_fail (follow_up != NULL);
  g_return_if_fail (now != NULL);
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);

  due = rapport_follow_up_get_effective_due (follow_up);
  user_zone = g_date_time_get_timezone (now);

  out->when = rapport_format_day_time (due, now);
  out->snoozed = follow_up->snoozed_until != 0;
  out->overdue = due < g_date_time_to_unix (now);
  out->recurring = follow_up->rrule != NULL && *follow_up->rrule != '\0';

  if (follow_up->time_zone != NULL && *follow_up->time_zone != '\0' &&
      g_strcmp0 (follow_up->time_zone, g_time_zone_get_identifier (user_zone)) != 0)
    {
      g_autoptr(GTimeZone) there_zone = g_time_zone_new_identifier (follow_up->time_zone);

      if (there_zone != NULL)
        {
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (due);
          g_autoptr(GDateTime) here = g_date_time_to_timezone (utc, user_zone);
          g_autoptr(GDateTime) there = g_date_time_to_timezone (utc, there_zone);
          g_autofree char *time = NULL;

          if (g_date_time_get_day_of_year (here) == g_date_time_get_day_of_year (there) &&
              g_date_time_get_year (here) == g_date_time_get_year (there))
            time = g_date_time_format (there, "%H:%M");
          else
            /* Translators: a weekday and a time in another time zone, see g_date_time_format() */
            time = g_date_time_format (there, _("%a %H:%M"));

          /* Translators: a time and the time zone it is in, "10:00 Africa/Lagos" */
          out->zone_time = g_strdup_printf (C_("time and zone", "%s %s"), time, follow_up->time_zone);
        }
    }
}

void
rapport_due_label_clear (RapportDueLabel *self)
{
  g_clear_pointer (&self->when, g_free);
  g_clear_pointer (&self->zone_time, g_free);
}

char *
rapport_format_show_more (guint shown,
                          guint total)
{
  guint next;

  if (shown >= total)
    return NULL;

  next = MIN (total - shown, RAPPORT_DUE_PAGE);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Show %u More", "Show %u More", next), next);
}

gboolean
rapport_days_until (const char *date,
                    GDateTime  *now,
                    int        *days)
{
  g_autoptr(GDate) then_day = NULL;
  g_autoptr(GDate) now_day = NULL;

  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (days != NULL, FALSE);

  if (!(then_day = parse_date (date)))
    return FALSE;

  now_day = date_of (now);
  *days = g_date_days_between (now_day, then_day);

  return TRUE;
}

char *
rapport_format_ends_in (const char *end_date,
                        GDateTime  *now)
{
  int days;

  g_return_val_if_fail (now != NULL, NULL);

  if (!rapport_days_until (end_date, now, &days))
    return NULL;

  if (days == 0)
    return g_strdup (_("Ends today"));
  if (days == 1)
    return g_strdup (_("Ends tomorrow"));
  if (days == -1)
    return g_strdup (_("Ended yesterday"));
  if (days > 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Ends in %d day", "Ends in %d days", days), days);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Ended %d day ago", "Ended %d days ago", -days), -days);
}

gboolean
rapport_date_add_years (const char *date,
                        int         years,
                        char        out[11])
{
  g_autoptr(GDate) day = NULL;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!(day = parse_date (date)))
    return FALSE;

  if (years >= 0)
    g_date_add_years (day, years);
  else
    g_date_subtract_years (day, -years);

  if (g_date_get_year (day) > 9999)
    return FALSE;

  g_snprintf (out, 11, "%04d-%02d-%02d",
              g_date_get_year (day), g_date_get_month (day), g_date_get_day (day));

  return TRUE;
}

char *
rapport_format_date (const char *date)
{
  g_autoptr(GDate) day = parse_date (date);
  g_autoptr(GDateTime) midnight = NULL;

  if (day == NULL)
    return NULL;

  midnight = g_date_time_new_utc (g_date_get_year (day), g_date_get_month (day),
                                  g_date_get_day (day), 0, 0, 0);

  /* Translators: a date with its year, see g_date_time_format() */
  return g_date_time_format (midnight, _("%-d %b %Y"));
}

void
rapport_renewal_summary_compute (const RapportContract *contract,
                                 const char            *language,
                                 GDateTime             *now,
                                 RapportRenewalSummary *out)
{
  int days = 0;

  g_return_if_fail (contract != NULL);
  g_return_if_fail (now != NULL);
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);

  out->ends = rapport_format_ends_in (contract->end_date, now);
  out->end_date = rapport_format_date (contract->end_date);
  if (contract->currency != NULL)
    out->value = rapport_format_money_for_language (contract->value, contract->currency, language);
  out->language = rapport_language_display_name (language);
  out->state = rapport_enum_to_label (rapport_contract_state_info, contract->state);

  if (rapport_days_until (contract->end_date, now, &days))
    {
      out->ended = days < 0;
      out->soon = days >= 0 && days < 7;
    }
}

void
rapport_renewal_summary_clear (RapportRenewalSummary *self)
{
  g_clear_pointer (&self->ends, g_free);
  g_clear_pointer (&self->end_date, g_free);
  g_clear_pointer (&self->value, g_free);
  g_clear_pointer (&self->language, g_free);
  self->state = NULL;
}

const char *
rapport_notice_state_chip (RapportNoticeState state)
{
  switch (state)
    {
    case RAPPORT_NOTICE_DUE:
      /* Translators: the state of a renewal notice, shown as a chip */
      return _("Notice due");
    case RAPPORT_NOTICE_PREPARED:
      /* Translators: the state of a renewal notice, shown as a chip */
      return _("Prepared");
    case RAPPORT_NOTICE_SENT:
      /* Translators: the state of a renewal notice, shown as a chip */
      return _("Sent");
    case RAPPORT_NOTICE_RENEWED:
      /* Translators: the state of a renewal notice, shown as a chip */
      return _("Renewed");
    case RAPPORT_NOTICE_LAPSED:
      /* Translators: the state of a renewal notice, shown as a chip */
      return _("Lapsed");
    default:
      g_return_val_if_reached (NULL);
    }
}

RapportNoticeState
rapport_notice_state_after_prepare (RapportNoticeState state)
{
  return state == RAPPORT_NOTICE_DUE ? RAPPORT_NOTICE_PREPARED : state;
}

gboolean
rapport_notice_state_can_send (RapportNoticeState state)
{
  return state == RAPPORT_NOTICE_DUE || state == RAPPORT_NOTICE_PREPARED;
}

gboolean
rapport_notice_state_for_contract (RapportContractState  contract_state,
                                   RapportNoticeState   *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  switch (contract_state)
    {
    case RAPPORT_CONTRACT_RENEWED:
      *out = RAPPORT_NOTICE_RENEWED;
      return TRUE;
    case RAPPORT_CONTRACT_LAPSED:
      *out = RAPPORT_NOTICE_LAPSED;
      return TRUE;
    case RAPPORT_CONTRACT_ACTIVE:
    case RAPPORT_CONTRACT_RENEWAL_DUE:
    case RAPPORT_CONTRACT_CANCELLED:
    default:
      return FALSE;
    }
}

/* The primary language subtag of @tag in lower case ("de" for "de-CH"). */
static char *
dup_primary_language (const char *tag)
{
  const char *dash = strchr (tag, '-');

  return g_ascii_strdown (tag, dash != NULL ? dash - tag : -1);
}

char **
rapport_notice_languages (const char *customer_language)
{
  static const char * const offered[] = { "en", "de", "fr", "es", "ja" };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *own = NULL;

  if (customer_language != NULL && *customer_language != '\0')
    {
      own = dup_primary_language (customer_language);
      g_strv_builder_add (builder, customer_language);
    }

  for (guint i = 0; i < G_N_ELEMENTS (offered); i++)
    if (g_strcmp0 (own, offered[i]) != 0)
      g_strv_builder_add (builder, offered[i]);

  return g_strv_builder_end (builder);
}

char *
rapport_stay_in_touch_hint (int own_days,
                            int type_days)
{
  if (own_days > 0)
    /* Translators: the customer's own stay-in-touch cadence */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "A follow-up is proposed after %d day without contact",
                                         "A follow-up is proposed after %d days without contact",
                                         own_days),
                            own_days);

  if (type_days > 0)
    /* Translators: the cadence set for one of the customer's types in
     * Preferences; 0 days on their own page follows it */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Follows the customer type: every %d day",
                                         "Follows the customer type: every %d days",
                                         type_days),
                            type_days);

  return g_strdup (_("Off. Days without contact before a follow-up is proposed"));
}

static int
compare_tag (const void *key,
             const void *element)
{
  /* Both tables start with their tag. */
  return strcmp (key, *(const char * const *) element);
}

static void
check_sorted (void)
{
#ifndef G_DISABLE_ASSERT
  static gsize checked;

  if (g_once_init_enter (&checked))
    {
      guint i;

      for (i = 1; i < G_N_ELEMENTS (number_styles); i++)
        g_assert (strcmp (number_styles[i - 1].tag, number_styles[i].tag) < 0);
      for (i = 1; i < G_N_ELEMENTS (language_names); i++)
        g_assert (strcmp (language_names[i - 1].tag, language_names[i].tag) < 0);

      g_once_init_leave (&checked, 1);
    }
#endif
}

/* "de-CH" from "de-Latn-CH-1996", "de" from "de": the lower-case language
 * and the upper-case region, each NULL-able. */
static void
split_tag (const char  *tag,
           char       **language,
           char       **region)
{
  g_auto(GStrv) parts = g_strsplit (tag, "-", -1);
  guint i;

  *language = NULL;
  *region = NULL;

  if (parts[0] == NULL || parts[0][0] == '\0')
    return;

  *language = g_ascii_strdown (parts[0], -1);

  for (i = 1; parts[i] != NULL; i++)
    {
      gsize len = strlen (parts[i]);

      /* The region follows the language (and a four-letter script). */
      if (len == 4 && i == 1)
        continue;
      if ((len == 2 && g_ascii_isalpha (parts[i][0]) && g_ascii_isalpha (parts[i][1])) ||
          (len == 3 && g_ascii_isdigit (parts[i][0])))
        *region = g_ascii_strup (parts[i], -1);
      break;
    }
}

static const NumberStyle *
lookup_number_style (const char *tag)
{
  g_autofree char *language = NULL;
  g_autofree char *region = NULL;
  const NumberStyle *style = NULL;

  check_sorted ();

  if (tag == NULL || *tag == '\0')
    return NULL;

  split_tag (tag, &language, &region);
  if (language == NULL)
    return NULL;

  if (region != NULL)
    {
      g_autofree char *key = g_strdup_printf ("%s-%s", language, region);

      style = bsearch (key, number_styles, G_N_ELEMENTS (number_styles),
                       sizeof number_styles[0], compare_tag);
    }

  if (style == NULL)
    style = bsearch (language, number_styles, G_N_ELEMENTS (number_styles),
                     sizeof number_styles[0], compare_tag);

  return style;
}

char *
rapport_format_money_for_language (gint64      minor_units,
                                   const char *currency,
                                   const char *language)
{
  g_autofree char *plain = NULL;
  g_autofree char *code = NULL;
  const NumberStyle *style;
  const char *digits;
  const char *point;
  GString *out;
  gsize n_int;
  gsize i;

  g_return_val_if_fail (currency != NULL, NULL);

  if (rapport_currency_exponent (currency, "currency", NULL) < 0)
    return NULL;

  code = g_ascii_strup (currency, -1);
  plain = rapport_format_money_plain (minor_units, code);
  style = lookup_number_style (language);

  if (style == NULL || style->decimal == NULL)
    return g_strdup_printf ("%s\u00a0%s", plain, code);

  out = g_string_new (NULL);
  digits = plain;
  if (*digits == '-')
    {
      g_string_append_c (out, '-');
      digits++;
    }

  point = strchr (digits, '.');
  n_int = point != NULL ? (gsize) (point - digits) : strlen (digits);

  for (i = 0; i < n_int; i++)
    {
      if (i > 0 && (n_int - i) % 3 == 0 && n_int >= 3 + style->min_grouping)
        g_string_append (out, style->group);
      g_string_append_c (out, digits[i]);
    }

  if (point != NULL)
    {
      g_string_append (out, style->decimal);
      g_string_append (out, point + 1);
    }

  g_string_append_printf (out, "\u00a0%s", code);

  return g_string_free (out, FALSE);
}

char *
rapport_language_display_name (const char *tag)
{
  g_autofree char *language = NULL;
  g_autofree char *region = NULL;
  const LanguageName *entry;

  check_sorted ();

  if (tag == NULL || *tag == '\0')
    return NULL;

  split_tag (tag, &language, &region);
  if (language == NULL)
    return g_strdup (tag);

  entry = bsearch (language, language_names, G_N_ELEMENTS (language_names),
                   sizeof language_names[0], compare_tag);
  if (entry == NULL)
    return g_strdup (tag);

  if (g_ascii_strcasecmp (tag, language) == 0)
    return g_strdup (_(entry->name));

  /* Translators: a language name and its BCP 47 tag, "German (de-CH)" */
  return g_strdup_printf (_("%s (%s)"), _(entry->name), tag);
}

void
rapport_contract_check (const char           *product,
                        const char           *start,
                        const char           *end,
                        const char           *value,
                        const char           *currency,
                        RapportContractCheck *out)
{
  g_autoptr(GError) error = NULL;
  gboolean start_ok = FALSE;
  gboolean end_ok = FALSE;
  guint i;

  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);

  if (is_blank (product))
    out->errors[RAPPORT_CONTRACT_FIELD_PRODUCT] = g_strdup (_("Name the product or service"));

  if (is_blank (start))
    out->errors[RAPPORT_CONTRACT_FIELD_START] = g_strdup (_("Enter the start date (YYYY-MM-DD)"));
  else if (!(start_ok = rapport_parse_date (start, "start", out->start, &error)))
    {
      out->errors[RAPPORT_CONTRACT_FIELD_START] = message_without_field (error);
      g_clear_error (&error);
    }

  if (is_blank (end))
    out->errors[RAPPORT_CONTRACT_FIELD_END] = g_strdup (_("Enter the end date (YYYY-MM-DD)"));
  else if (!(end_ok = rapport_parse_date (end, "end", out->end, &error)))
    {
      out->errors[RAPPORT_CONTRACT_FIELD_END] = message_without_field (error);
      g_clear_error (&error);
    }
  else if (start_ok && strcmp (out->end, out->start) < 0)
    out->errors[RAPPORT_CONTRACT_FIELD_END] = g_strdup (_("The end is before the start"));

  if (is_blank (currency))
    out->errors[RAPPORT_CONTRACT_FIELD_CURRENCY] = g_strdup (_("Enter a currency code, such as EUR"));
  else
    {
      g_autofree char *code = g_strstrip (g_strdup (currency));

      if (rapport_currency_exponent (code, "currency", &error) < 0)
        {
          out->errors[RAPPORT_CONTRACT_FIELD_CURRENCY] = message_without_field (error);
          g_clear_error (&error);
        }
      else
        out->currency = g_ascii_strup (code, -1);
    }

  if (is_blank (value))
    out->errors[RAPPORT_CONTRACT_FIELD_VALUE] = g_strdup (_("Enter the value"));
  else if (out->currency != NULL)
    {
      g_autofree char *amount = g_strstrip (g_strdup (value));

      if (!rapport_parse_money (amount, out->currency, "value", &out->value, &error))
        {
          out->errors[RAPPORT_CONTRACT_FIELD_VALUE] = message_without_field (error);
          g_clear_error (&error);
        }
    }

  out->can_save = out->currency != NULL;
  for (i = 0; i < RAPPORT_CONTRACT_N_FIELDS; i++)
    if (out->errors[i] != NULL)
      out->can_save = FALSE;

  if (!start_ok)
    out->start[0] = '\0';
  if (!end_ok)
    out->end[0] = '\0';
}

void
rapport_contract_check_clear (RapportContractCheck *self)
{
  guint i;

  for (i = 0; i < RAPPORT_CONTRACT_N_FIELDS; i++)
    g_clear_pointer (&self->errors[i], g_free);
  g_clear_pointer (&self->currency, g_free);
  self->can_save = FALSE;
}
