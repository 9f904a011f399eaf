/* test-app-state.c
 *
 * The window's decisions without a display: relative days, a customer's
 * local time and working hours, the customer editor's validation and
 * change tracking, the contact history timeline, follow-up and contract
 * texts, and the "Log interaction" and follow-up dialogs' checks.
 *
 * The test environment runs in TZ=Europe/Berlin.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "rapport-app-state.h"

/* Friday 20 November 2026, 12:00 in Berlin (UTC+1). */
static GDateTime *
berlin_now (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");

  return g_date_time_new (tz, 2026, 11, 20, 12, 0, 0);
}

static gint64
berlin_instant (int year,
                int month,
                int day,
                int hour,
                int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static RapportInteraction *
interaction_at (gint64      when,
                const char *subject)
{
  RapportInteraction *interaction = rapport_interaction_new ();

  interaction->when = when;
  interaction->channel = RAPPORT_CHANNEL_PHONE;
  interaction->direction = RAPPORT_DIRECTION_INBOUND;
  interaction->subject = g_strdup (subject);

  return interaction;
}

/* rapport_format_relative_day */

static void
test_relative_day_near (void)
{
  g_autoptr(GDateTime) now = berlin_now ();
  struct {
    gint64      instant;
    const char *expected;
  } cases[] = {
    { berlin_instant (2026, 11, 20, 0, 0), "today" },
    { berlin_instant (2026, 11, 20, 23, 59), "today" },
    { berlin_instant (2026, 11, 19, 23, 59), "yesterday" },
    { berlin_instant (2026, 11, 21, 0, 0), "tomorrow" },
    { berlin_instant (2026, 11, 17, 9, 0), "3 days ago" },
    { berlin_instant (2026, 11, 22, 9, 0), "in 2 days" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rapport_format_relative_day (cases[i].instant, now);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_relative_day_far (void)
{
  g_autoptr(GDateTime) now = berlin_now ();
  struct {
    int         days;      /* before now; negative: after */
    const char *expected;
  } cases[] = {
    { 59, "59 days ago" },
    { 60, "2 months ago" },
    { 729, "24 months ago" },
    { 730, "2 years ago" },
    { -59, "in 59 days" },
    { -60, "in 2 months" },
    { -800, "in 2 years" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) then = g_date_time_add_days (now, -cases[i].days);
      g_autofree char *text = rapport_format_relative_day (g_date_time_to_unix (then), now);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_relative_day_uses_now_zone (void)
{
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GDateTime) now = g_date_time_new (tokyo, 2026, 11, 20, 8, 0, 0);
  /* 23:30 in Berlin on the 19th is 07:30 on the 20th in Tokyo. */
  gint64 instant = berlin_instant (2026, 11, 19, 23, 30);
  g_autofree char *text = rapport_format_relative_day (instant, now);

  g_assert_cmpstr (text, ==, "today");
}

static void
test_relative_day_across_dst (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");
  /* Clocks went back on Sunday 25 October 2026; a day of 25 hours lies
   * between. */
  g_autoptr(GDateTime) now = g_date_time_new (tz, 2026, 10, 26, 0, 30, 0);
  g_autofree char *text = rapport_format_relative_day (berlin_instant (2026, 10, 24, 23, 45), now);

  g_assert_cmpstr (text, ==, "2 days ago");
}

/* rapport_local_time_compute */

static void
test_local_time_in_zone (void)
{
  g_autoptr(GDateTime) now = berlin_now ();
  RapportLocalTime local;

  /* 12:00 in Berlin is 06:00 in New York. */
  g_assert_true (rapport_local_time_compute ("America/New_York", now, 9 * 60, 17 * 60, &local));
  g_assert_cmpstr (local.time, ==, "06:00");
  g_assert_cmpstr (local.zone, ==, "America/New_York");
  g_assert_true (local.outside_hours);
  g_assert_nonnull (local.hint);
  g_assert_nonnull (strstr (local.hint, "09:00"));
  g_assert_nonnull (strstr (local.hint, "17:00"));
  rapport_local_time_clear (&local);

  /* 12:00 in Berlin is 12:00 in Lagos (UTC+1 without DST): working. */
  g_assert_true (rapport_local_time_compute ("Africa/Lagos", now, 9 * 60, 17 * 60, &local));
  g_assert_cmpstr (local.time, ==, "12:00");
  g_assert_false (local.outside_hours);
  g_assert_null (local.hint);
  rapport_local_time_clear (&local);
  g_assert_null (local.time);
}

static void
test_local_time_hours_boundaries (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Africa/Lagos");
  struct {
    int      hour;
    int      minute;
    gboolean outside;
  } cases[] = {
    { 8, 59, TRUE },
    { 9, 0, FALSE },
    { 16, 59, FALSE },
    { 17, 0, TRUE },
    { 23, 30, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* Thursday 19 November 2026, in Lagos. */
      g_autoptr(GDateTime) now = g_date_time_new (tz, 2026, 11, 19, cases[i].hour, cases[i].minute, 0);
      RapportLocalTime local;

      g_assert_true (rapport_local_time_compute ("Africa/Lagos", now, 9 * 60, 17 * 60, &local));
      g_assert_cmpint (local.outside_hours, ==, cases[i].outside);
      g_assert_cmpint (local.hint != NULL, ==, cases[i].outside);
      rapport_local_time_clear (&local);
    }
}

static void
test_local_time_weekend (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Tokyo");
  /* Friday 20 November 2026 22:00 in Berlin is Saturday 06:00 in Tokyo:
   * and at 11:00 on that Saturday, still outside. */
  g_autoptr(GDateTime) saturday = g_date_time_new (tz, 2026, 11, 21, 11, 0, 0);
  RapportLocalTime local;

  g_assert_true (rapport_local_time_compute ("Asia/Tokyo", saturday, 9 * 60, 17 * 60, &local));
  g_assert_cmpstr (local.time, ==, "11:00");
  g_assert_true (local.outside_hours);
  rapport_local_time_clear (&local);
}

static void
test_local_time_refuses_unknown_zone (void)
{
  g_autoptr(GDateTime) now = berlin_now ();
  RapportLocalTime local;

  g_assert_false (rapport_local_time_compute (NULL, now, 540, 1020, &local));
  g_assert_null (local.time);
  g_assert_false (rapport_local_time_compute ("", now, 540, 1020, &local));
  g_assert_false (rapport_local_time_compute ("Mars/Olympus_Mons", now, 540, 1020, &local));
  g_assert_false (rapport_local_time_compute ("+03:00", now, 540, 1020, &local));
  g_assert_null (local.hint);
}

/* rapport_form_check_customer */

static void
test_form_check_accepts_valid (void)
{
  RapportFormCheck check;

  rapport_form_check_customer ("Amara Okafor", " amara@example.com ", "+234 803 123 4567",
                               "en-ng", "Africa/Lagos", "ng", &check);
  for (guint i = 0; i < RAPPORT_FORM_N_FIELDS; i++)
    g_assert_null (check.errors[i]);
  g_assert_true (check.can_save);
  rapport_form_check_clear (&check);

  /* Optional fields may stay empty. */
  rapport_form_check_customer ("Amara", "", NULL, "  ", NULL, "", &check);
  g_assert_true (check.can_save);
  rapport_form_check_clear (&check);
}

static void
test_form_check_needs_name (void)
{
  RapportFormCheck check;

  rapport_form_check_customer ("   ", NULL, NULL, NULL, NULL, NULL, &check);
  g_assert_nonnull (check.errors[RAPPORT_FORM_FIELD_NAME]);
  g_assert_false (check.can_save);
  rapport_form_check_clear (&check);
  g_assert_null (check.errors[RAPPORT_FORM_FIELD_NAME]);

  rapport_form_check_customer (NULL, NULL, NULL, NULL, NULL, NULL, &check);
  g_assert_nonnull (check.errors[RAPPORT_FORM_FIELD_NAME]);
  g_assert_false (check.can_save);
  rapport_form_check_clear (&check);
}

static void
test_form_check_names_each_bad_field (void)
{
  struct {
    RapportFormField field;
    const char      *email;
    const char      *phone;
    const char      *language;
    const char      *time_zone;
    const char      *country;
  } cases[] = {
    { RAPPORT_FORM_FIELD_EMAIL, "amara@", NULL, NULL, NULL, NULL },
    { RAPPORT_FORM_FIELD_PHONE, NULL, "call me", NULL, NULL, NULL },
    { RAPPORT_FORM_FIELD_LANGUAGE, NULL, NULL, "english please", NULL, NULL },
    { RAPPORT_FORM_FIELD_TIME_ZONE, NULL, NULL, NULL, "+03:00", NULL },
    { RAPPORT_FORM_FIELD_TIME_ZONE, NULL, NULL, NULL, "Lagos", NULL },
    { RAPPORT_FORM_FIELD_COUNTRY, NULL, NULL, NULL, NULL, "XX" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      RapportFormCheck check;

      rapport_form_check_customer ("Amara", cases[i].email, cases[i].phone,
                                   cases[i].language, cases[i].time_zone, cases[i].country,
                                   &check);
      g_assert_false (check.can_save);
      for (guint f = 0; f < RAPPORT_FORM_N_FIELDS; f++)
        {
          if (f == cases[i].field)
            {
              g_assert_nonnull (check.errors[f]);
              /* Shown under the field: no "email:" prefix. */
              g_assert_null (strstr (check.errors[f], "email:"));
              g_assert_null (strstr (check.errors[f], "time zone:"));
              g_assert_null (strstr (check.errors[f], "country:"));
            }
          else
            g_assert_null (check.errors[f]);
        }
      rapport_form_check_clear (&check);
    }
}

/* The store trims every text field before it validates it, so the editor
 * must not refuse what saving would accept. */
static void
test_form_check_ignores_surrounding_space (void)
{
  RapportFormCheck check;

  rapport_form_check_customer ("Amara", " amara@example.com", " +234 803 123 4567 ",
                               " en-NG ", " Africa/Lagos ", " NG ", &check);
  for (guint i = 0; i < RAPPORT_FORM_N_FIELDS; i++)
    g_assert_null (check.errors[i]);
  g_assert_true (check.can_save);
  rapport_form_check_clear (&check);
}

/* rapport_customer_check */

static RapportCustomer *
person (const char *given,
        const char *family)
{
  RapportCustomer *customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);

  customer->given_name = g_strdup (given);
  customer->family_name = g_strdup (family);

  return customer;
}

static void
test_customer_check_name_from_parts (void)
{
  g_autoptr(RapportCustomer) draft = person ("Amara", NULL);
  RapportCustomerCheck check;

  rapport_customer_check (draft, NULL, &check);
  g_assert_null (check.fields.errors[RAPPORT_FORM_FIELD_NAME]);
  g_assert_true (check.can_save);
  rapport_customer_check_clear (&check);

  g_clear_pointer (&draft->given_name, g_free);
  rapport_customer_check (draft, NULL, &check);
  g_assert_nonnull (check.fields.errors[RAPPORT_FORM_FIELD_NAME]);
  g_assert_false (check.can_save);
  rapport_customer_check_clear (&check);
}

static void
test_customer_check_each_contact_point (void)
{
  g_autoptr(RapportCustomer) draft = person ("Amara", "Okafor");
  RapportCustomerCheck check;

  rapport_customer_add_email (draft, "amara@example.com", "work", TRUE);
  rapport_customer_add_email (draft, "", "home", FALSE);
  rapport_customer_add_email (draft, "amara@", "home", FALSE);
  rapport_customer_add_phone (draft, "+234 803 123 4567", "mobile", TRUE);
  rapport_customer_add_phone (draft, "ring ring", "work", FALSE);

  rapport_customer_check (draft, NULL, &check);
  g_assert_cmpuint (check.email_errors->len, ==, 3);
  g_assert_null (g_ptr_array_index (check.email_errors, 0));
  g_assert_null (g_ptr_array_index (check.email_errors, 1));   /* blank rows are dropped on save */
  g_assert_nonnull (g_ptr_array_index (check.email_errors, 2));
  g_assert_cmpuint (check.phone_errors->len, ==, 2);
  g_assert_null (g_ptr_array_index (check.phone_errors, 0));
  g_assert_nonnull (g_ptr_array_index (check.phone_errors, 1));
  g_assert_null (check.fields.errors[RAPPORT_FORM_FIELD_EMAIL]);
  g_assert_null (check.fields.errors[RAPPORT_FORM_FIELD_PHONE]);
  g_assert_false (check.can_save);
  rapport_customer_check_clear (&check);
  g_assert_null (check.email_errors);

  g_ptr_array_remove_index (draft->emails, 2);
  g_ptr_array_remove_index (draft->phones, 1);
  rapport_customer_check (draft, NULL, &check);
  g_assert_true (check.can_save);
  rapport_customer_check_clear (&check);
}

/* The form reads a number as the store will: without its country code,
 * in the customer's country; "(0)" after the country code is no digit. */
static void
test_customer_check_phone_in_customer_country (void)
{
  g_autoptr(RapportCustomer) draft = person ("Oliver", "Hughes");
  RapportCustomerCheck check;

  rapport_customer_add_phone (draft, "020 7946 0958", "work", TRUE);
  rapport_customer_add_phone (draft, "+44 (0)20 7946 0958", "other", FALSE);
  draft->country = g_strdup ("GB");
  rapport_customer_check (draft, NULL, &check);
  g_assert_null (g_ptr_array_index (check.phone_errors, 0));
  g_assert_null (g_ptr_array_index (check.phone_errors, 1));
  g_assert_true (check.can_save);
  rapport_customer_check_clear (&check);

  /* The tests run in the C locale: no region to read it with. */
  g_clear_pointer (&draft->country, g_free);
  rapport_customer_check (draft, NULL, &check);
  g_assert_nonnull (g_ptr_array_index (check.phone_errors, 0));
  g_assert_null (g_ptr_array_index (check.phone_errors, 1));
  g_assert_false (check.can_save);
  rapport_customer_check_clear (&check);
}

static void
test_customer_check_communication_fields (void)
{
  g_autoptr(RapportCustomer) draft = person ("Amara", "Okafor");
  RapportCustomerCheck check;

  draft->language = g_strdup ("yoruba!");
  draft->time_zone = g_strdup ("Africa/Lagoss");
  draft->country = g_strdup ("Nigeria");

  rapport_customer_check (draft, NULL, &check);
  g_assert_nonnull (check.fields.errors[RAPPORT_FORM_FIELD_LANGUAGE]);
  g_assert_nonnull (check.fields.errors[RAPPORT_FORM_FIELD_TIME_ZONE]);
  g_assert_nonnull (check.fields.errors[RAPPORT_FORM_FIELD_COUNTRY]);
  g_assert_false (check.can_save);
  rapport_customer_check_clear (&check);
}

/* Values another app wrote, which the user could not type, do not stop
 * an edit of the rest: each is marked as kept under its own field. The
 * same values typed anew are errors. */
static void
test_customer_check_keeps_saved_outside_values (void)
{
  g_autoptr(RapportCustomer) saved = person ("Amélie", "Roux");
  g_autoptr(RapportCustomer) draft = NULL;
  RapportCustomerCheck check;

  saved->language = g_strdup ("français");
  saved->time_zone = g_strdup ("Europe/Paris-Old");
  saved->country = g_strdup ("France");
  rapport_customer_add_email (saved, "amelie@localhost", "work", TRUE);
  rapport_customer_add_phone (saved, "ask reception", "work", TRUE);
  draft = rapport_customer_copy (saved);
  draft->notes = g_strdup ("Met at the trade fair");

  rapport_customer_check (draft, saved, &check);
  g_assert_true (check.can_save);
  for (guint i = 0; i < RAPPORT_FORM_N_FIELDS; i++)
    g_assert_null (check.fields.errors[i]);
  g_assert_nonnull (check.fields.kept[RAPPORT_FORM_FIELD_LANGUAGE]);
  g_assert_nonnull (check.fields.kept[RAPPORT_FORM_FIELD_TIME_ZONE]);
  g_assert_true (g_str_has_prefix (check.fields.kept[RAPPORT_FORM_FIELD_COUNTRY], "Kept as another app wrote it"));
  g_assert_null (g_ptr_array_index (check.email_errors, 0));
  g_assert_nonnull (g_ptr_array_index (check.email_kept, 0));
  g_assert_null (g_ptr_array_index (check.phone_errors, 0));
  g_assert_nonnull (g_ptr_array_index (check.phone_kept, 0));
  rapport_customer_check_clear (&check);

  /* Typed anew, each is refused again. */
  g_free (draft->country);
  draft->country = g_strdup ("Germany");
  rapport_customer_add_email (draft, "bob@localhost", NULL, FALSE);
  rapport_customer_check (draft, saved, &check);
  g_assert_false (check.can_save);
  g_assert_nonnull (check.fields.errors[RAPPORT_FORM_FIELD_COUNTRY]);
  g_assert_null (check.fields.kept[RAPPORT_FORM_FIELD_COUNTRY]);
  g_assert_null (g_ptr_array_index (check.email_errors, 0));
  g_assert_nonnull (g_ptr_array_index (check.email_errors, 1));
  rapport_customer_check_clear (&check);
}

/* rapport_customer_edit_differs */

static void
test_edit_differs (void)
{
  g_autoptr(RapportCustomer) saved = person ("Amara", "Okafor");
  g_autoptr(RapportCustomer) draft = NULL;

  saved->id = 7;
  saved->notes = NULL;
  saved->language = g_strdup ("en-NG");
  rapport_customer_add_email (saved, "amara@example.com", "work", TRUE);
  rapport_customer_add_type (saved, "vip");
  rapport_customer_add_type (saved, "b2c");

  draft = rapport_customer_copy (saved);
  g_assert_false (rapport_customer_edit_differs (saved, draft));

  /* Empty and missing texts are the same; so is surrounding space. */
  draft->notes = g_strdup ("");
  g_free (draft->language);
  draft->language = g_strdup (" en-NG ");
  g_assert_false (rapport_customer_edit_differs (saved, draft));

  /* Types are a set. */
  g_ptr_array_set_size (draft->types, 0);
  rapport_customer_add_type (draft, "b2c");
  rapport_customer_add_type (draft, "vip");
  g_assert_false (rapport_customer_edit_differs (saved, draft));

  g_ptr_array_remove_index (draft->types, 0);
  g_assert_true (rapport_customer_edit_differs (saved, draft));
  rapport_customer_add_type (draft, "b2c");

  g_free (draft->notes);
  draft->notes = g_strdup ("Prefers mornings");
  g_assert_true (rapport_customer_edit_differs (saved, draft));
  g_free (draft->notes);
  draft->notes = NULL;

  rapport_customer_add_email (draft, "a.okafor@example.org", "home", FALSE);
  g_assert_true (rapport_customer_edit_differs (saved, draft));
  g_ptr_array_remove_index (draft->emails, 1);

  draft->first_name_basis = TRUE;
  g_assert_true (rapport_customer_edit_differs (saved, draft));
  draft->first_name_basis = FALSE;

  draft->organization_id = 3;
  g_assert_true (rapport_customer_edit_differs (saved, draft));
  draft->organization_id = 0;

  draft->preferred_channel = RAPPORT_CHANNEL_EMAIL;
  g_assert_true (rapport_customer_edit_differs (saved, draft));
  draft->preferred_channel = saved->preferred_channel;

  g_assert_false (rapport_customer_edit_differs (saved, draft));
}

static void
test_edit_differs_new_customer (void)
{
  g_autoptr(RapportCustomer) empty = rapport_customer_new (RAPPORT_CUSTOMER_KIND_ORGANIZATION);
  g_autoptr(RapportCustomer) draft = rapport_customer_copy (empty);

  /* An untouched new customer has nothing to lose. */
  draft->display_name = g_strdup ("");
  g_assert_false (rapport_customer_edit_differs (empty, draft));

  g_free (draft->display_name);
  draft->display_name = g_strdup ("Okafor Logistics");
  g_assert_true (rapport_customer_edit_differs (empty, draft));
}

/* Channel icons */

static void
test_channel_icons_exist (void)
{
  const char *theme = "/usr/share/icons/Adwaita";

  if (!g_file_test (theme, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("The Adwaita icon theme is not installed");
      return;
    }

  g_assert_cmpstr (rapport_channel_icon_name (RAPPORT_CHANNEL_PHONE), ==, "call-start-symbolic");
  g_assert_cmpstr (rapport_channel_icon_name (RAPPORT_CHANNEL_EMAIL), ==, "mail-unread-symbolic");

  for (guint i = 0; rapport_channel_info[i].key != NULL; i++)
    {
      const char *name = rapport_channel_icon_name (rapport_channel_info[i].value);
      g_autofree char *pattern = g_strconcat (name, ".svg", NULL);
      g_autoptr(GDir) categories = g_dir_open ("/usr/share/icons/Adwaita/scalable", 0, NULL);
      const char *category;
      gboolean exists = FALSE;

      g_assert_nonnull (name);
      g_assert_true (g_str_has_suffix (name, "-symbolic"));

      if (categories == NULL)
        {
          g_test_skip ("The Adwaita icon theme has no scalable icons");
          return;
        }

      while (!exists && (category = g_dir_read_name (categories)) != NULL)
        {
          g_autofree char *path = g_build_filename ("/usr/share/icons/Adwaita/scalable",
                                                    category, pattern, NULL);

          exists = g_file_test (path, G_FILE_TEST_EXISTS);
        }

      if (!exists)
        g_error ("No icon %s in the Adwaita theme", name);
    }
}

/* Day headings and the timeline */

static void
test_day_heading (void)
{
  g_autoptr(GDateTime) now = berlin_now ();
  struct {
    gint64      instant;
    const char *expected;
  } cases[] = {
    { berlin_instant (2026, 11, 20, 0, 5), "Today" },
    { berlin_instant (2026, 11, 19, 23, 55), "Yesterday" },
    { berlin_instant (2026, 11, 16, 10, 0), "Monday 16 November" },
    { berlin_instant (2026, 1, 1, 10, 0), "Thursday 1 January" },
    { berlin_instant (2025, 11, 16, 10, 0), "Sunday 16 November 2025" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *heading = rapport_format_day_heading (cases[i].instant, now);

      g_assert_cmpstr (heading, ==, cases[i].expected);
    }
}

static void
test_timeline_groups_by_local_day (void)
{
  g_autoptr(GDateTime) now = berlin_now ();
  g_autoptr(GPtrArray) interactions = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_interaction_free);
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(GPtrArray) none = NULL;
  RapportTimelineDay *day;

  /* Newest first, as the store lists them. 00:30 Berlin on the 19th is
   * 23:30 UTC on the 18th: it belongs to the 19th here. */
  g_ptr_array_add (interactions, interaction_at (berlin_instant (2026, 11, 20, 11, 0), "a"));
  g_ptr_array_add (interactions, interaction_at (berlin_instant (2026, 11, 20, 8, 0), "b"));
  g_ptr_array_add (interactions, interaction_at (berlin_instant (2026, 11, 19, 0, 30), "c"));
  g_ptr_array_add (interactions, interaction_at (berlin_instant (2026, 11, 18, 23, 59), "d"));
  g_ptr_array_add (interactions, interaction_at (berlin_instant (2025, 11, 18, 10, 0), "e"));

  days = rapport_timeline_group (interactions, now);
  g_assert_cmpuint (days->len, ==, 4);

  day = g_ptr_array_index (days, 0);
  g_assert_cmpstr (day->heading, ==, "Today");
  g_assert_cmpuint (day->interactions->len, ==, 2);
  g_assert_true (g_ptr_array_index (day->interactions, 0) == g_ptr_array_index (interactions, 0));
  g_assert_true (g_ptr_array_index (day->interactions, 1) == g_ptr_array_index (interactions, 1));

  day = g_ptr_array_index (days, 1);
  g_assert_cmpstr (day->heading, ==, "Yesterday");
  g_assert_cmpuint (day->interactions->len, ==, 1);

  day = g_ptr_array_index (days, 2);
  g_assert_cmpstr (day->heading, ==, "Wednesday 18 November");
  g_assert_cmpuint (day->interactions->len, ==, 1);

  /* Same day of the year, another year: its own group. */
  day = g_ptr_array_index (days, 3);
  g_assert_cmpstr (day->heading, ==, "Tuesday 18 November 2025");
  g_assert_cmpuint (day->interactions->len, ==, 1);

  g_ptr_array_set_size (interactions, 0);
  none = rapport_timeline_group (interactions, now);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_timeline_entry (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(RapportInteraction) interaction = interaction_at (berlin_instant (2026, 11, 20, 14, 5), "Invoice 1042");
  RapportTimelineEntry entry;

  interaction->handle_time = 6 * 60;
  interaction->contact_name = g_strdup ("Chidi Okafor");
  interaction->action_requested = g_strdup ("Correct the VAT");
  interaction->action_promised = g_strdup ("Send a new invoice by Monday");
  interaction->recorded_by = g_strdup ("Sam");

  rapport_timeline_entry_compute (interaction, tz, &entry);
  g_assert_cmpstr (entry.icon_name, ==, "call-start-symbolic");
  g_assert_cmpstr (entry.title, ==, "Invoice 1042");
  g_assert_cmpstr (entry.subtitle, ==, "Phone · Inbound · 14:05 · 6m · with Chidi Okafor");
  g_assert_cmpstr (entry.details, ==,
                   "Requested: Correct the VAT\nPromised: Send a new invoice by Monday\nRecorded by Sam");
  rapport_timeline_entry_clear (&entry);
  g_assert_null (entry.title);

  /* Without a subject the body's first line is the title; without
   * handle time, contact or actions the texts stay short. */
  g_clear_pointer (&interaction->subject, g_free);
  g_clear_pointer (&interaction->contact_name, g_free);
  g_clear_pointer (&interaction->action_requested, g_free);
  g_clear_pointer (&interaction->action_promised, g_free);
  g_clear_pointer (&interaction->recorded_by, g_free);
  interaction->handle_time = 0;
  interaction->channel = RAPPORT_CHANNEL_EMAIL;
  interaction->direction = RAPPORT_DIRECTION_OUTBOUND;
  interaction->body = g_strdup ("\n  Sent the brochure  \nwith prices");

  rapport_timeline_entry_compute (interaction, tz, &entry);
  g_assert_cmpstr (entry.icon_name, ==, "mail-unread-symbolic");
  g_assert_cmpstr (entry.title, ==, "Sent the brochure");
  g_assert_cmpstr (entry.subtitle, ==, "Email · Outbound · 14:05");
  g_assert_null (entry.details);
  rapport_timeline_entry_clear (&entry);
}

/* Follow-ups, contracts and defaults */

static void
test_date_time_entry (void)
{
  g_autofree char *berlin = rapport_format_date_time_entry (berlin_instant (2026, 11, 20, 14, 5), NULL);
  g_autofree char *lagos = rapport_format_date_time_entry (berlin_instant (2026, 7, 1, 10, 0), "Africa/Lagos");
  g_autofree char *unknown = rapport_format_date_time_entry (berlin_instant (2026, 11, 20, 14, 5), "Nowhere/Land");

  g_assert_cmpstr (berlin, ==, "2026-11-20 14:05");
  /* Summer: Berlin UTC+2, Lagos UTC+1. */
  g_assert_cmpstr (lagos, ==, "2026-07-01 09:00");
  g_assert_cmpstr (unknown, ==, "2026-11-20 14:05");
}

static void
test_follow_up_due (void)
{
  g_autoptr(GDateTime) now = berlin_now ();
  g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();
  g_autofree char *local = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *snoozed = NULL;
  gboolean overdue = FALSE;

  follow_up->due = berlin_instant (2026, 11, 21, 10, 0);
  follow_up->time_zone = g_strdup ("Europe/Berlin");
  local = rapport_format_follow_up_due (follow_up, now, &overdue);
  g_assert_cmpstr (local, ==, "tomorrow, 10:00");
  g_assert_false (overdue);

  /* 16:00 in Berlin is 10:00 in New York; the other zone is named. */
  g_free (follow_up->time_zone);
  follow_up->time_zone = g_strdup ("America/New_York");
  follow_up->due = berlin_instant (2026, 11, 19, 16, 0);
  theirs = rapport_format_follow_up_due (follow_up, now, &overdue);
  g_assert_cmpstr (theirs, ==, "yesterday, 10:00 America/New_York");
  g_assert_true (overdue);

  /* A snooze moves the effective due moment. */
  follow_up->snoozed_until = berlin_instant (2026, 11, 20, 18, 0);
  snoozed = rapport_format_follow_up_due (follow_up, now, &overdue);
  g_assert_cmpstr (snoozed, ==, "today, 12:00 America/New_York");
  g_assert_false (overdue);
}

static void
test_contract_subtitle (void)
{
  g_autoptr(RapportContract) contract = rapport_contract_new ();
  g_autofree char *full = NULL;
  g_autofree char *bare = NULL;

  contract->product = g_strdup ("Support plan");
  contract->end_date = g_strdup ("2026-12-31");
  contract->value = 120000;
  contract->currency = g_strdup ("EUR");
  contract->state = RAPPORT_CONTRACT_RENEWAL_DUE;
  full = rapport_format_contract_subtitle (contract);
  g_assert_cmpstr (full, ==, "Ends 2026-12-31 · 1200.00 EUR · Renewal due");

  g_clear_pointer (&contract->end_date, g_free);
  g_clear_pointer (&contract->currency, g_free);
  contract->state = RAPPORT_CONTRACT_ACTIVE;
  bare = rapport_format_contract_subtitle (contract);
  g_assert_cmpstr (bare, ==, "No end date · Active");
}

static void
test_recorded_by (void)
{
  g_autofree char *set = rapport_default_recorded_by ("  Sam Adeyemi ");
  g_autofree char *unset = rapport_default_recorded_by ("");
  g_autofree char *null = rapport_default_recorded_by (NULL);

  g_assert_cmpstr (set, ==, "Sam Adeyemi");
  g_assert_nonnull (unset);
  g_assert_cmpstr (unset, !=, "");
  g_assert_cmpstr (unset, !=, "Unknown");
  g_assert_cmpstr (null, ==, unset);
}

static void
test_default_follow_up_due (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GDateTime) wednesday = g_date_time_new (tz, 2026, 11, 18, 16, 0, 0);
  g_autoptr(GDateTime) friday = berlin_now ();
  g_autoptr(GDateTime) late = g_date_time_new (tz, 2026, 11, 18, 23, 30, 0);
  g_autofree char *next = rapport_default_follow_up_due (wednesday, NULL, 9 * 60);
  g_autofree char *monday = rapport_default_follow_up_due (friday, "Europe/Berlin", 8 * 60 + 30);
  g_autofree char *tokyo = rapport_default_follow_up_due (late, "Asia/Tokyo", 9 * 60);

  g_assert_cmpstr (next, ==, "2026-11-19 09:00");
  /* Skips the weekend. */
  g_assert_cmpstr (monday, ==, "2026-11-23 08:30");
  /* Wednesday 23:30 in Berlin is Thursday 07:30 in Tokyo: their Friday. */
  g_assert_cmpstr (tokyo, ==, "2026-11-20 09:00");
}

/* The "Log interaction" dialog */

static RapportLogForm
valid_log_form (void)
{
  RapportLogForm form = { 0 };

  form.channel = RAPPORT_CHANNEL_PHONE;
  form.date = "2026-11-20";
  form.time = "14:05";
  form.subject = "Invoice 1042";
  form.handle_time = "6m";
  form.action_promised = "Send a new invoice";

  return form;
}

static void
test_log_check_valid (void)
{
  RapportLogForm form = valid_log_form ();
  RapportLogCheck check;

  rapport_log_form_check (&form, &check);
  for (guint i = 0; i < RAPPORT_LOG_N_FIELDS; i++)
    g_assert_null (check.errors[i]);
  g_assert_true (check.can_save);
  g_assert_cmpint (check.when, ==, berlin_instant (2026, 11, 20, 14, 5));
  g_assert_cmpint (check.handle_time, ==, 360);
  g_assert_cmpint (check.follow_up_due, ==, 0);
  rapport_log_check_clear (&check);

  /* A body alone says what it was about; handle time is optional. */
  form.subject = " ";
  form.body = "Asked about delivery";
  form.handle_time = "";
  rapport_log_form_check (&form, &check);
  g_assert_true (check.can_save);
  g_assert_cmpint (check.handle_time, ==, 0);
  rapport_log_check_clear (&check);
}

static void
test_log_check_fields (void)
{
  RapportLogForm form = valid_log_form ();
  RapportLogCheck check;

  form.channel = RAPPORT_CHANNEL_NONE;
  form.subject = NULL;
  form.handle_time = "six minutes";
  form.time = "25:00";
  rapport_log_form_check (&form, &check);
  g_assert_nonnull (check.errors[RAPPORT_LOG_FIELD_CHANNEL]);
  g_assert_nonnull (check.errors[RAPPORT_LOG_FIELD_SUBJECT]);
  g_assert_nonnull (check.errors[RAPPORT_LOG_FIELD_HANDLE_TIME]);
  g_assert_nonnull (check.errors[RAPPORT_LOG_FIELD_WHEN]);
  g_assert_null (check.errors[RAPPORT_LOG_FIELD_PROMISE]);
  g_assert_null (check.errors[RAPPORT_LOG_FIELD_FOLLOW_UP_DUE]);
  g_assert_false (check.can_save);
  rapport_log_check_clear (&check);
  g_assert_null (check.errors[RAPPORT_LOG_FIELD_CHANNEL]);

  /* The store keeps handle times up to 14 days. */
  form = valid_log_form ();
  form.handle_time = "15d";
  rapport_log_form_check (&form, &check);
  g_assert_false (check.can_save);
  rapport_log_check_clear (&check);
  form.handle_time = "400h";
  rapport_log_form_check (&form, &check);
  g_assert_nonnull (check.errors[RAPPORT_LOG_FIELD_HANDLE_TIME]);
  rapport_log_check_clear (&check);
  form.handle_time = "1h 30m";
  rapport_log_form_check (&form, &check);
  g_assert_cmpint (check.handle_time, ==, 5400);
  g_assert_true (check.can_save);
  rapport_log_check_clear (&check);

  form.date = "";
  rapport_log_form_check (&form, &check);
  g_assert_nonnull (check.errors[RAPPORT_LOG_FIELD_WHEN]);
  rapport_log_check_clear (&check);
}

static void
test_log_check_follow_up (void)
{
  RapportLogForm form = valid_log_form ();
  RapportLogCheck check;

  form.follow_up = TRUE;
  form.follow_up_due = "2026-11-23 10:00";
  form.time_zone = "Africa/Lagos";
  rapport_log_form_check (&form, &check);
  g_assert_true (check.can_save);
  /* 10:00 in Lagos is 09:00 UTC. */
  g_assert_cmpint (check.follow_up_due, ==, 1795424400);
  rapport_log_check_clear (&check);

  /* Without the customer's zone: the local one. */
  form.time_zone = NULL;
  rapport_log_form_check (&form, &check);
  g_assert_cmpint (check.follow_up_due, ==, berlin_instant (2026, 11, 23, 10, 0));
  rapport_log_check_clear (&check);

  /* The promise becomes the follow-up: it is needed, and so is a due
   * moment that parses. */
  form.action_promised = "";
  form.follow_up_due = "next Tuesday";
  rapport_log_form_check (&form, &check);
  g_assert_nonnull (check.errors[RAPPORT_LOG_FIELD_PROMISE]);
  g_assert_nonnull (check.errors[RAPPORT_LOG_FIELD_FOLLOW_UP_DUE]);
  g_assert_false (check.can_save);
  rapport_log_check_clear (&check);

  /* Switched off, neither matters. */
  form.follow_up = FALSE;
  rapport_log_form_check (&form, &check);
  g_assert_true (check.can_save);
  g_assert_cmpint (check.follow_up_due, ==, 0);
  rapport_log_check_clear (&check);
}

/* The follow-up dialog */

static void
test_repeat_rrule (void)
{
  g_assert_null (rapport_repeat_to_rrule (RAPPORT_REPEAT_NONE));
  g_assert_null (rapport_repeat_to_rrule (RAPPORT_REPEAT_CUSTOM));

  for (RapportRepeat r = RAPPORT_REPEAT_DAILY; r <= RAPPORT_REPEAT_MONTHLY; r++)
    g_assert_cmpint (rapport_repeat_from_rrule (rapport_repeat_to_rrule (r)), ==, r);

  g_assert_cmpint (rapport_repeat_from_rrule (NULL), ==, RAPPORT_REPEAT_NONE);
  g_assert_cmpint (rapport_repeat_from_rrule (""), ==, RAPPORT_REPEAT_NONE);
  g_assert_cmpint (rapport_repeat_from_rrule ("RRULE:FREQ=WEEKLY"), ==, RAPPORT_REPEAT_WEEKLY);
  g_assert_cmpint (rapport_repeat_from_rrule ("FREQ=WEEKLY;BYDAY=MO,TH"), ==, RAPPORT_REPEAT_CUSTOM);
  g_assert_cmpint (rapport_repeat_from_rrule ("FREQ=MONTHLY;COUNT=3"), ==, RAPPORT_REPEAT_CUSTOM);
  g_assert_cmpint (rapport_repeat_from_rrule ("garbage"), ==, RAPPORT_REPEAT_CUSTOM);
}

static void
test_priority_choices (void)
{
  g_assert_cmpint (rapport_priority_from_choice (0), ==, 0);
  g_assert_cmpint (rapport_priority_from_choice (1), ==, 1);
  g_assert_cmpint (rapport_priority_from_choice (2), ==, 5);
  g_assert_cmpint (rapport_priority_from_choice (3), ==, 9);
  g_assert_cmpint (rapport_priority_from_choice (4), ==, 0);

  for (guint choice = 0; choice < 4; choice++)
    g_assert_cmpuint (rapport_priority_to_choice (rapport_priority_from_choice (choice)), ==, choice);

  /* Priorities set elsewhere land on the nearest choice. */
  g_assert_cmpuint (rapport_priority_to_choice (3), ==, 1);
  g_assert_cmpuint (rapport_priority_to_choice (7), ==, 3);
  g_assert_cmpuint (rapport_priority_to_choice (-1), ==, 0);
}

static void
test_follow_up_check (void)
{
  RapportFollowUpCheck check;

  rapport_follow_up_form_check ("Call back", "2026-11-23 10:00", "Africa/Lagos", &check);
  g_assert_true (check.can_save);
  g_assert_cmpint (check.due, ==, 1795424400);
  g_assert_cmpstr (check.time_zone, ==, "Africa/Lagos");
  rapport_follow_up_check_clear (&check);
  g_assert_null (check.time_zone);

  rapport_follow_up_form_check ("Call back", "2026-11-23 10:00", "  ", &check);
  g_assert_true (check.can_save);
  g_assert_cmpstr (check.time_zone, ==, "Europe/Berlin");
  g_assert_cmpint (check.due, ==, berlin_instant (2026, 11, 23, 10, 0));
  rapport_follow_up_check_clear (&check);

  rapport_follow_up_form_check ("", "soon", "Mars/Base", &check);
  g_assert_nonnull (check.errors[RAPPORT_FOLLOW_UP_FIELD_TITLE]);
  g_assert_nonnull (check.errors[RAPPORT_FOLLOW_UP_FIELD_TIME_ZONE]);
  /* The due time cannot be read without a zone: only the zone is named. */
  g_assert_null (check.errors[RAPPORT_FOLLOW_UP_FIELD_DUE]);
  g_assert_false (check.can_save);
  rapport_follow_up_check_clear (&check);

  rapport_follow_up_form_check ("Call back", "23 November", NULL, &check);
  g_assert_nonnull (check.errors[RAPPORT_FOLLOW_UP_FIELD_DUE]);
  g_assert_false (check.can_save);
  rapport_follow_up_check_clear (&check);

  rapport_follow_up_form_check ("Call back", "", NULL, &check);
  g_assert_nonnull (check.errors[RAPPORT_FOLLOW_UP_FIELD_DUE]);
  rapport_follow_up_check_clear (&check);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app-state/relative-day/near-days-by-name", test_relative_day_near);
  g_test_add_func ("/app-state/relative-day/far-days-in-months-and-years", test_relative_day_far);
  g_test_add_func ("/app-state/relative-day/counts-days-in-the-zone-of-now", test_relative_day_uses_now_zone);
  g_test_add_func ("/app-state/relative-day/counts-calendar-days-across-dst", test_relative_day_across_dst);
  g_test_add_func ("/app-state/local-time/shows-their-time-and-hours", test_local_time_in_zone);
  g_test_add_func ("/app-state/local-time/start-inclusive-end-exclusive", test_local_time_hours_boundaries);
  g_test_add_func ("/app-state/local-time/weekend-is-outside-hours", test_local_time_weekend);
  g_test_add_func ("/app-state/local-time/refuses-unknown-zone", test_local_time_refuses_unknown_zone);
  g_test_add_func ("/app-state/form-check/accepts-valid-fields", test_form_check_accepts_valid);
  g_test_add_func ("/app-state/form-check/needs-a-name", test_form_check_needs_name);
  g_test_add_func ("/app-state/form-check/names-each-bad-field", test_form_check_names_each_bad_field);
  g_test_add_func ("/app-state/form-check/ignores-surrounding-space", test_form_check_ignores_surrounding_space);
  g_test_add_func ("/app-state/customer-check/name-from-given-and-family", test_customer_check_name_from_parts);
  g_test_add_func ("/app-state/customer-check/each-email-and-phone", test_customer_check_each_contact_point);
  g_test_add_func ("/app-state/customer-check/phone-in-customer-country", test_customer_check_phone_in_customer_country);
  g_test_add_func ("/app-state/customer-check/communication-fields", test_customer_check_communication_fields);
  g_test_add_func ("/app-state/customer-check/keeps-saved-outside-values",
                   test_customer_check_keeps_saved_outside_values);
  g_test_add_func ("/app-state/edit-differs/compares-editable-fields", test_edit_differs);
  g_test_add_func ("/app-state/edit-differs/untouched-new-customer", test_edit_differs_new_customer);
  g_test_add_func ("/app-state/channel-icon/exists-in-adwaita", test_channel_icons_exist);
  g_test_add_func ("/app-state/timeline/day-headings", test_day_heading);
  g_test_add_func ("/app-state/timeline/groups-by-local-day", test_timeline_groups_by_local_day);
  g_test_add_func ("/app-state/timeline/entry-texts", test_timeline_entry);
  g_test_add_func ("/app-state/follow-up/date-time-entry-in-zone", test_date_time_entry);
  g_test_add_func ("/app-state/follow-up/due-text-names-other-zones", test_follow_up_due);
  g_test_add_func ("/app-state/follow-up/default-due-is-next-working-day", test_default_follow_up_due);
  g_test_add_func ("/app-state/contract/subtitle", test_contract_subtitle);
  g_test_add_func ("/app-state/log/recorded-by-setting-wins", test_recorded_by);
  g_test_add_func ("/app-state/log/accepts-a-complete-record", test_log_check_valid);
  g_test_add_func ("/app-state/log/names-each-bad-field", test_log_check_fields);
  g_test_add_func ("/app-state/log/promise-becomes-follow-up-in-their-zone", test_log_check_follow_up);
  g_test_add_func ("/app-state/follow-up-dialog/repeat-round-trips", test_repeat_rrule);
  g_test_add_func ("/app-state/follow-up-dialog/priority-choices", test_priority_choices);
  g_test_add_func ("/app-state/follow-up-dialog/check", test_follow_up_check);

  return g_test_run ();
}
