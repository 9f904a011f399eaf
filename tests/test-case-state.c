/* test-case-state.c
 *
 * The Cases section's decisions without a display: grouping, the
 * first-response target for a customer's types, the row texts and the
 * case dialog's validation.
 *
 * The test environment runs in TZ=Europe/Berlin.
 */

#include "config.h"

#include <locale.h>

#include "rapport-case-state.h"

/* Friday 20 November 2026, 12:00 in Berlin (UTC+1). */
static GDateTime *
berlin_now (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");

  return g_date_time_new (tz, 2026, 11, 20, 12, 0, 0);
}

static RapportCase *
case_opened (GDateTime *now,
             gint64     seconds_ago)
{
  RapportCase *kase = rapport_case_new ();

  kase->id = 1;
  kase->customer_id = 1;
  kase->summary = g_strdup ("Parcel never arrived");
  kase->category = RAPPORT_CASE_CATEGORY_DELIVERY;
  kase->severity = RAPPORT_SEVERITY_NORMAL;
  kase->state = RAPPORT_CASE_OPEN;
  kase->opened_at = g_date_time_to_unix (now) - seconds_ago;

  return kase;
}

static RapportServiceTarget *
target_new (const char *type_key,
            gint64      response_seconds)
{
  RapportServiceTarget *target = rapport_service_target_new ();

  target->type_key = g_strdup (type_key);
  target->name = g_strdup (type_key);
  target->response_seconds = response_seconds;

  return target;
}

static GPtrArray *
targets_new (void)
{
  GPtrArray *targets = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_service_target_free);

  g_ptr_array_add (targets, target_new ("", 24 * 3600));
  g_ptr_array_add (targets, target_new ("key-account", 4 * 3600));
  g_ptr_array_add (targets, target_new ("wholesale", 8 * 3600));
  g_ptr_array_add (targets, target_new ("prospect", 0));

  return targets;
}

static GPtrArray *
types_of (const char *first,
          ...)
{
  GPtrArray *types = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *key = first; key != NULL; key = va_arg (args, const char *))
    g_ptr_array_add (types, (gpointer) key);
  va_end (args);

  return types;
}

static void
test_group_follows_state_and_age (void)
{
  g_autoptr(GDateTime) now = berlin_now ();
  g_autoptr(RapportCase) kase = case_opened (now, 3600);
  gint64 day = 24 * 3600;

  g_assert_cmpint (rapport_case_group_for (kase, now), ==, RAPPORT_CASE_GROUP_OPEN);
  kase->state = RAPPORT_CASE_IN_PROGRESS;
  g_assert_cmpint (rapport_case_group_for (kase, now), ==, RAPPORT_CASE_GROUP_OPEN);
  kase->state = RAPPORT_CASE_ESCALATED;
  g_assert_cmpint (rapport_case_group_for (kase, now), ==, RAPPORT_CASE_GROUP_ESCALATED);

  kase->state = RAPPORT_CASE_RESOLVED;
  kase->resolved_at = g_date_time_to_unix (now) - 29 * day;
  g_assert_cmpint (rapport_case_group_for (kase, now), ==, RAPPORT_CASE_GROUP_RESOLVED);
  kase->state = RAPPORT_CASE_CLOSED;
  kase->resolved_at = g_date_time_to_unix (now) - 30 * day;
  g_assert_cmpint (rapport_case_group_for (kase, now), ==, RAPPORT_CASE_GROUP_RESOLVED);
  kase->resolved_at = g_date_time_to_unix (now) - 30 * day - 1;
  g_assert_cmpint (rapport_case_group_for (kase, now), ==, RAPPORT_CASE_GROUP_NONE);
}

static void
test_target_is_the_strictest_that_applies (void)
{
  g_autoptr(GPtrArray) targets = targets_new ();
  g_autoptr(GPtrArray) none = types_of (NULL, NULL);
  g_autoptr(GPtrArray) key = types_of ("key-account", NULL);
  g_autoptr(GPtrArray) both = types_of ("wholesale", "key-account", NULL);
  g_autoptr(GPtrArray) prospect = types_of ("prospect", NULL);
  g_autoptr(GPtrArray) only_typed = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_service_target_free);

  /* "" applies to everyone; a target of 0 is no target. */
  g_assert_cmpint (rapport_case_response_target (targets, none), ==, 24 * 3600);
  g_assert_cmpint (rapport_case_response_target (targets, NULL), ==, 24 * 3600);
  g_assert_cmpint (rapport_case_response_target (targets, prospect), ==, 24 * 3600);
  g_assert_cmpint (rapport_case_response_target (targets, key), ==, 4 * 3600);
  g_assert_cmpint (rapport_case_response_target (targets, both), ==, 4 * 3600);

  g_ptr_array_add (only_typed, target_new ("wholesale", 8 * 3600));
  g_assert_cmpint (rapport_case_response_target (only_typed, key), ==, 0);
  g_assert_cmpint (rapport_case_response_target (only_typed, both), ==, 8 * 3600);
  g_assert_cmpint (rapport_case_response_target (NULL, key), ==, 0);
}

static void
test_past_target_only_while_waiting (void)
{
  g_autoptr(GDateTime) now = berlin_now ();
  g_autoptr(RapportCase) kase = case_opened (now, 5 * 3600);

  g_assert_true (rapport_case_is_past_response_target (kase, 4 * 3600, now));
  g_assert_false (rapport_case_is_past_response_target (kase, 5 * 3600, now));
  g_assert_false (rapport_case_is_past_response_target (kase, 24 * 3600, now));
  g_assert_false (rapport_case_is_past_response_target (kase, 0, now));

  kase->first_response_at = kase->opened_at + 6 * 3600 - 1;
  g_assert_false (rapport_case_is_past_response_target (kase, 4 * 3600, now));

  kase->first_response_at = 0;
  kase->state = RAPPORT_CASE_RESOLVED;
  g_assert_false (rapport_case_is_past_response_target (kase, 4 * 3600, now));
}

static void
test_wait_wording (void)
{
  struct { gint64 seconds; const char *text; } cases[] = {
    { 0, "under a minute" },
    { 59, "under a minute" },
    { 60, "1 min" },
    { 45 * 60 + 59, "45 min" },
    { 2 * 3600, "2 h" },
    { 2 * 3600 + 5 * 60, "2 h 5 min" },
    { 24 * 3600 - 60, "23 h 59 min" },
    { 24 * 3600, "1 day" },
    { 3 * 24 * 3600 + 7 * 3600, "3 days" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rapport_case_format_wait (cases[i].seconds);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_row_waiting_past_target_is_late (void)
{
  g_autoptr(GDateTime) now = berlin_now ();
  g_autoptr(RapportCase) kase = case_opened (now, 3 * 24 * 3600);
  RapportCaseRow row;

  kase->severity = RAPPORT_SEVERITY_CRITICAL;
  rapport_case_row_compute (kase, 24 * 3600, now, &row);

  g_assert_cmpstr (row.category, ==, "Late or missing delivery");
  g_assert_cmpstr (row.severity, ==, "Critical");
  g_assert_true (row.critical);
  g_assert_cmpstr (row.opened, ==, "opened 3 days ago");
  g_assert_cmpstr (row.response, ==, "No response yet");
  g_assert_true (row.waiting);
  g_assert_true (row.response_late);
  g_assert_null (row.escalation);
  g_assert_null (row.resolution);
  rapport_case_row_clear (&row);

  /* Within its target: waiting, but not late. */
  rapport_case_row_compute (kase, 4 * 24 * 3600, now, &row);
  g_assert_true (row.waiting);
  g_assert_false (row.response_late);
  rapport_case_row_clear (&row);
}

static void
test_row_answered_shows_the_time_taken (void)
{
  g_autoptr(GDateTime) now = berlin_now ();
  g_autoptr(RapportCase) kase = case_opened (now, 3600 * 10);
  RapportCaseRow row;

  kase->severity = RAPPORT_SEVERITY_HIGH;
  kase->first_response_at = kase->opened_at + 2 * 3600 + 5 * 60;
  kase->state = RAPPORT_CASE_ESCALATED;
  kase->escalated_to = g_strdup ("Dana Weber");
  kase->escalation_channel = RAPPORT_CHANNEL_PHONE;

  rapport_case_row_compute (kase, 3600, now, &row);
  g_assert_cmpstr (row.severity, ==, "High");
  g_assert_false (row.critical);
  g_assert_cmpstr (row.opened, ==, "opened today");
  g_assert_cmpstr (row.response, ==, "First response in 2 h 5 min");
  g_assert_false (row.waiting);
  g_assert_true (row.response_late);   /* answered, but after the hour */
  g_assert_cmpstr (row.escalation, ==, "Referred to Dana Weber · phone");
  rapport_case_row_clear (&row);

  kase->severity = RAPPORT_SEVERITY_NORMAL;
  rapport_case_row_compute (kase, 3 * 3600, now, &row);
  g_assert_null (row.severity);
  g_assert_false (row.response_late);
  rapport_case_row_clear (&row);
}

static void
test_row_resolved_says_how (void)
{
  g_autoptr(GDateTime) now = berlin_now ();
  g_autoptr(RapportCase) kase = case_opened (now, 5 * 24 * 3600);
  RapportCaseRow row;

  kase->state = RAPPORT_CASE_RESOLVED;
  kase->resolution = RAPPORT_RESOLUTION_REFUND;
  kase->resolved_at = g_date_time_to_unix (now) - 24 * 3600;

  rapport_case_row_compute (kase, 3600, now, &row);
  g_assert_cmpstr (row.resolution, ==, "Refund · resolved yesterday");
  /* Resolved without a response recorded: nothing to chase. */
  g_assert_null (row.response);
  g_assert_false (row.response_late);
  rapport_case_row_clear (&row);
}

static RapportCaseForm
valid_form (void)
{
  RapportCaseForm form = {
    .customer_id = 7,
    .summary = "Invoice charged twice",
    .state = RAPPORT_CASE_OPEN,
    .first_response = "",
    .resolution = RAPPORT_RESOLUTION_NONE,
    .escalated_to = "",
    .csat = 0,
    .nps = -1,
    .ces = 0,
    .comment = "",
    .themes = "",
  };

  return form;
}

static void
test_form_new_case_needs_customer_and_summary (void)
{
  g_autoptr(GDateTime) now = berlin_now ();
  RapportCaseForm form = valid_form ();
  RapportCaseCheck check;

  rapport_case_form_check (&form, now, &check);
  g_assert_true (check.can_save);
  g_assert_cmpint (check.first_response_at, ==, 0);
  g_assert_false (check.has_feedback);
  rapport_case_check_clear (&check);

  form.customer_id = 0;
  form.summary = "   ";
  rapport_case_form_check (&form, now, &check);
  g_assert_false (check.can_save);
  g_assert_nonnull (check.errors[RAPPORT_CASE_FIELD_CUSTOMER]);
  g_assert_nonnull (check.errors[RAPPORT_CASE_FIELD_SUMMARY]);
  rapport_case_check_clear (&check);
}

static void
test_form_first_response_within_the_case (void)
{
  g_autoptr(GDateTime) now = berlin_now ();
  RapportCaseForm form = valid_form ();
  RapportCaseCheck check;

  /* Opened at 09:30:20 Berlin; a response the same minute is fine. */
  form.opened_at = g_date_time_to_unix (now) - 2 * 3600 - 30 * 60 + 20;

  form.first_response = "2026-11-20 10:15";
  rapport_case_form_check (&form, now, &check);
  g_assert_true (check.can_save);
  g_assert_cmpint (check.first_response_at, ==, g_date_time_to_unix (now) - 105 * 60);
  rapport_case_check_clear (&check);

  form.first_response = "2026-11-20 09:30";
  rapport_case_form_check (&form, now, &check);
  g_assert_true (check.can_save);
  g_assert_cmpint (check.first_response_at, ==, form.opened_at);
  rapport_case_check_clear (&check);

  form.first_response = "2026-11-20 09:29";
  rapport_case_form_check (&form, now, &check);
  g_assert_false (check.can_save);
  g_assert_nonnull (check.errors[RAPPORT_CASE_FIELD_FIRST_RESPONSE]);
  rapport_case_check_clear (&check);

  form.first_response = "2026-11-20 13:00";
  rapport_case_form_check (&form, now, &check);
  g_assert_false (check.can_save);
  g_assert_nonnull (check.errors[RAPPORT_CASE_FIELD_FIRST_RESPONSE]);
  rapport_case_check_clear (&check);

  form.first_response = "yesterday-ish";
  rapport_case_form_check (&form, now, &check);
  g_assert_false (check.can_save);
  g_assert_nonnull (check.errors[RAPPORT_CASE_FIELD_FIRST_RESPONSE]);
  rapport_case_check_clear (&check);
}

static void
test_form_state_asks_for_resolution_or_referral (void)
{
  g_autoptr(GDateTime) now = berlin_now ();
  RapportCaseForm form = valid_form ();
  RapportCaseCheck check;

  form.state = RAPPORT_CASE_ESCALATED;
  rapport_case_form_check (&form, now, &check);
  g_assert_false (check.can_save);
  g_assert_nonnull (check.errors[RAPPORT_CASE_FIELD_ESCALATED_TO]);
  rapport_case_check_clear (&check);

  form.escalated_to = "Dana Weber";
  rapport_case_form_check (&form, now, &check);
  g_assert_true (check.can_save);
  rapport_case_check_clear (&check);

  form.state = RAPPORT_CASE_RESOLVED;
  rapport_case_form_check (&form, now, &check);
  g_assert_false (check.can_save);
  g_assert_nonnull (check.errors[RAPPORT_CASE_FIELD_RESOLUTION]);
  rapport_case_check_clear (&check);

  form.resolution = RAPPORT_RESOLUTION_GOODWILL;
  rapport_case_form_check (&form, now, &check);
  g_assert_true (check.can_save);
  rapport_case_check_clear (&check);
}

static void
test_form_feedback_and_theme_codes (void)
{
  g_autoptr(GDateTime) now = berlin_now ();
  RapportCaseForm form = valid_form ();
  RapportCaseCheck check;

  form.state = RAPPORT_CASE_RESOLVED;
  form.resolution = RAPPORT_RESOLUTION_REFUND;

  form.themes = " Late delivery, refund,,late-delivery ";
  rapport_case_form_check (&form, now, &check);
  g_assert_false (check.can_save);   /* themes without a score or comment */
  g_assert_nonnull (check.errors[RAPPORT_CASE_FIELD_THEMES]);
  rapport_case_check_clear (&check);

  form.nps = 0;
  rapport_case_form_check (&form, now, &check);
  g_assert_true (check.can_save);
  g_assert_true (check.has_feedback);
  g_assert_cmpstr (check.themes, ==, "late-delivery,refund");
  rapport_case_check_clear (&check);

  form.themes = "refund; apology";
  rapport_case_form_check (&form, now, &check);
  g_assert_false (check.can_save);
  g_assert_nonnull (check.errors[RAPPORT_CASE_FIELD_THEMES]);
  rapport_case_check_clear (&check);

  form.themes = "";
  form.nps = -1;
  form.comment = "Quick and friendly";
  rapport_case_form_check (&form, now, &check);
  g_assert_true (check.can_save);
  g_assert_true (check.has_feedback);
  g_assert_null (check.themes);
  rapport_case_check_clear (&check);

  /* An open case has no feedback part: what is in it does not count. */
  form.state = RAPPORT_CASE_OPEN;
  form.themes = "refund; apology";
  rapport_case_form_check (&form, now, &check);
  g_assert_true (check.can_save);
  g_assert_false (check.has_feedback);
  rapport_case_check_clear (&check);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/case-state/group/follows-state-and-age", test_group_follows_state_and_age);
  g_test_add_func ("/case-state/target/is-the-strictest-that-applies", test_target_is_the_strictest_that_applies);
  g_test_add_func ("/case-state/target/past-only-while-waiting", test_past_target_only_while_waiting);
  g_test_add_func ("/case-state/row/wait-wording", test_wait_wording);
  g_test_add_func ("/case-state/row/waiting-past-target-is-late", test_row_waiting_past_target_is_late);
  g_test_add_func ("/case-state/row/answered-shows-the-time-taken", test_row_answered_shows_the_time_taken);
  g_test_add_func ("/case-state/row/resolved-says-how", test_row_resolved_says_how);
  g_test_add_func ("/case-state/form/new-case-needs-customer-and-summary", test_form_new_case_needs_customer_and_summary);
  g_test_add_func ("/case-state/form/first-response-within-the-case", test_form_first_response_within_the_case);
  g_test_add_func ("/case-state/form/state-asks-for-resolution-or-referral", test_form_state_asks_for_resolution_or_referral);
  g_test_add_func ("/case-state/form/feedback-and-theme-codes", test_form_feedback_and_theme_codes);

  return g_test_run ();
}
