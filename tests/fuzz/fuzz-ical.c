/* fuzz-ical.c
 *
 * The iCalendar readers, updates and hash (rapport-ical-records.h) on
 * arbitrary bytes. Besides not crashing, leaking or tripping a
 * sanitizer, they keep these promises:
 *  - an error is a RAPPORT_ERROR_PARSE with a UTF-8 message;
 *  - a record read from a text, given back unchanged to the update of
 *    that text, gives the very same text;
 *  - a changed record updates the text into one that reads back with
 *    the change, and the update of that with the same record changes
 *    nothing more;
 *  - the hash is always a SHA-256 and does not change when the text is
 *    written again by the update of an unchanged record.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fuzz.h"
#include "rapport-error.h"
#include "rapport-ical-records.h"
#include "rapport-records.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
check_error (const GError *error)
{
  FUZZ_CHECK (error != NULL, "failed without an error");
  FUZZ_CHECK (g_error_matches (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE),
              "not a parse error: %s", error->message);
  FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL), "error message not UTF-8");
}

/* The update of @copy with what was read from it, then with @changed,
 * then again with @changed. */
#define CHECK_UPDATES(copy, record, changed, update_call, read_call, compare)              \
  do {                                                                                     \
    g_autoptr(GError) e = NULL;                                                            \
    g_autofree char *same = NULL;                                                          \
    g_autofree char *updated = NULL;                                                       \
    g_autofree char *again = NULL;                                                         \
                                                                                           \
    same = update_call (copy, record);                                                     \
    FUZZ_CHECK (same != NULL, "update without change failed: %s\n%s",                     \
                e != NULL ? e->message : "", copy);                                        \
    FUZZ_CHECK (strcmp (same, copy) == 0, "update without change changed:\n%s\n---\n%s",  \
                copy, same);                                                               \
    updated = update_call (copy, changed);                                                 \
    FUZZ_CHECK (updated != NULL, "update failed: %s\n%s", e != NULL ? e->message : "", copy); \
    read_call (updated);                                                                   \
    compare;                                                                               \
    again = update_call (updated, changed);                                                \
    FUZZ_CHECK (again != NULL && strcmp (again, updated) == 0,                             \
                "a second update changed more:\n%s\n---\n%s", updated, again ? again : ""); \
  } while (0)

static void
fuzz_follow_up (const char *data,
                size_t      size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportFollowUp) fu = rapport_follow_up_new ();
  g_autoptr(RapportFollowUp) changed = NULL;
  g_autoptr(RapportFollowUp) back = rapport_follow_up_new ();
  g_autofree char *customer = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GPtrArray) emails = rapport_ical_dup_follow_up_emails (data, size);

  /* Whatever it finds is an address: text with an @ in it. */
  for (guint i = 0; i < emails->len; i++)
    FUZZ_CHECK (strchr (g_ptr_array_index (emails, i), '@') != NULL && g_utf8_validate (g_ptr_array_index (emails, i), -1, NULL),
                "not an address: %s", (const char *) g_ptr_array_index (emails, i));

  if (!rapport_ical_read_follow_up (data, size, fu, &customer, &copy, &error))
    {
      check_error (error);
      return;
    }

  changed = rapport_follow_up_copy (fu);
  g_free (changed->title);
  changed->title = g_strdup ("Fuzzed, changed");
  changed->due += fu->due > 0 ? -3600 : 3600;
  changed->priority = (fu->priority + 1) % 10;
  changed->state = fu->state == RAPPORT_FOLLOW_UP_OPEN ? RAPPORT_FOLLOW_UP_DONE : RAPPORT_FOLLOW_UP_OPEN;
  changed->completed_at = changed->state == RAPPORT_FOLLOW_UP_DONE ? 1773140700 : 0;
  changed->snoozed_until = fu->snoozed_until != 0 ? 0 : 1773140700;
  changed->modified = 1773140700;

#define UPDATE(c, r) rapport_ical_update_follow_up (c, r, customer, &e)
#define READ(t) \
  FUZZ_CHECK (rapport_ical_read_follow_up (t, -1, back, NULL, NULL, &e), "updated text does not read: %s\n%s", \
              e != NULL ? e->message : "", t)
  CHECK_UPDATES (copy, fu, changed, UPDATE, READ,
                 FUZZ_CHECK (g_strcmp0 (back->title, changed->title) == 0 && back->due == changed->due &&
                             back->priority == changed->priority && back->state == changed->state &&
                             back->snoozed_until == changed->snoozed_until,
                             "the update did not take:\n%s", updated));
#undef UPDATE
#undef READ
}

static void
fuzz_notice (const char *data,
             size_t      size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportNotice) notice = rapport_notice_new ();
  g_autoptr(RapportContract) contract = rapport_contract_new ();
  g_autoptr(RapportNotice) back = rapport_notice_new ();
  g_autofree char *customer = NULL;
  g_autofree char *copy = NULL;

  if (!rapport_ical_read_notice (data, size, notice, contract, &customer, &copy, &error))
    {
      check_error (error);
      return;
    }

  {
    RapportNotice changed = *notice;

    changed.state = notice->state == RAPPORT_NOTICE_DUE ? RAPPORT_NOTICE_PREPARED : RAPPORT_NOTICE_DUE;
    changed.subject = (char *) "Fuzzed, changed";

#define UPDATE(c, r) rapport_ical_update_notice (c, r, contract, customer, &e)
#define READ(t) \
  FUZZ_CHECK (rapport_ical_read_notice (t, -1, back, NULL, NULL, NULL, &e), "updated text does not read: %s\n%s", \
              e != NULL ? e->message : "", t)
    CHECK_UPDATES (copy, notice, &changed, UPDATE, READ,
                   FUZZ_CHECK (back->state == changed.state && g_strcmp0 (back->subject, changed.subject) == 0,
                               "the update did not take:\n%s", updated));
#undef UPDATE
#undef READ
  }
}

static void
fuzz_interaction (const char *data,
                  size_t      size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportInteraction) in = rapport_interaction_new ();
  g_autoptr(RapportInteraction) changed = NULL;
  g_autoptr(RapportInteraction) back = rapport_interaction_new ();
  g_autofree char *customer = NULL;
  g_autofree char *copy = NULL;
  RapportIcalInteractionForm form;

  if (!rapport_ical_read_interaction (data, size, in, &form, &customer, &copy, &error))
    {
      check_error (error);
      return;
    }

  changed = rapport_interaction_copy (in);
  g_free (changed->outcome);
  changed->outcome = g_strdup ("Fuzzed, changed");
  changed->when += in->when > 0 ? -60 : 60;
  changed->channel = in->channel == RAPPORT_CHANNEL_EMAIL ? RAPPORT_CHANNEL_PHONE : RAPPORT_CHANNEL_EMAIL;

#define UPDATE(c, r) rapport_ical_update_interaction (c, r, customer, NULL, &e)
#define READ(t) \
  FUZZ_CHECK (rapport_ical_read_interaction (t, -1, back, NULL, NULL, NULL, &e), "updated text does not read: %s\n%s", \
              e != NULL ? e->message : "", t)
  CHECK_UPDATES (copy, in, changed, UPDATE, READ,
                 FUZZ_CHECK (g_strcmp0 (back->outcome, changed->outcome) == 0 && back->when == changed->when &&
                             back->channel == changed->channel,
                             "the update did not take:\n%s", updated));
#undef UPDATE
#undef READ
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autoptr(GError) error = NULL;
  g_autofree char *terminated = NULL;
  RapportIcalRecord record;

  if (!rapport_ical_detect (text, size, &record, &error))
    check_error (error);

  fuzz_follow_up (text, size);
  fuzz_notice (text, size);
  fuzz_interaction (text, size);

  /* The hash reads a NUL-terminated string. */
  if (memchr (data, '\0', size) == NULL)
    {
      g_autofree char *hash = NULL;

      terminated = g_strndup (text, size);
      hash = rapport_ical_normalized_hash (terminated);
      FUZZ_CHECK (hash != NULL && strlen (hash) == 64, "not a SHA-256");
    }

  return 0;
}
