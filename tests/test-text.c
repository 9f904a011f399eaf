/* test-text.c
 *
 * Text on its way into the store (rapport-text.h): invalid UTF-8 and
 * text over its field's limit refused in every text field of every
 * record, the field named and the file left as it was; the search on any
 * bytes; a CSV import that cuts an oversized field and says so, and
 * names a NUL byte; values in messages escaped and shortened; JSON dates
 * with four digits of year.
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "rapport-json.h"
#include "rapport-store-notices.h"
#include "rapport-store-private.h"
#include "rapport-text.h"
#include "test-util.h"

#define INVALID "ab\xf0" "cd"
/* g_format_size() puts a no-break space before the unit. */
#define NBSP "\xc2\xa0"

typedef enum
{
  RECORD_CUSTOMER,
  RECORD_EMAIL,
  RECORD_PHONE,
  RECORD_ADDRESS,
  RECORD_TYPE_LINK,
  RECORD_CUSTOMER_TYPE,
  RECORD_INTERACTION,
  RECORD_FOLLOW_UP,
  RECORD_CONTRACT,
  RECORD_NOTICE,
  RECORD_CASE,
  RECORD_FEEDBACK,
  RECORD_SERVICE_TARGET,
  RECORD_SETTING,
} Record;

typedef struct
{
  Record           record;
  const char      *field;     /* as the message names it */
  gsize            offset;    /* of the char* in the record (unused for links) */
  RapportTextKind  kind;
} Field;

#define F(record, type, member, field, kind) { record, field, G_STRUCT_OFFSET (type, member), RAPPORT_TEXT_##kind }

static const Field fields[] = {
  F (RECORD_CUSTOMER, RapportCustomer, uid, "uid", CODE),
  F (RECORD_CUSTOMER, RapportCustomer, display_name, "name", SHORT),
  F (RECORD_CUSTOMER, RapportCustomer, given_name, "given name", SHORT),
  F (RECORD_CUSTOMER, RapportCustomer, family_name, "family name", SHORT),
  F (RECORD_CUSTOMER, RapportCustomer, phonetic_name, "phonetic name", SHORT),
  F (RECORD_CUSTOMER, RapportCustomer, job_title, "job title", SHORT),
  F (RECORD_CUSTOMER, RapportCustomer, form_of_address, "form of address", SHORT),
  F (RECORD_CUSTOMER, RapportCustomer, language, "language", CODE),
  F (RECORD_CUSTOMER, RapportCustomer, time_zone, "time zone", CODE),
  F (RECORD_CUSTOMER, RapportCustomer, country, "country", CODE),
  F (RECORD_CUSTOMER, RapportCustomer, best_time, "best time", SHORT),
  F (RECORD_CUSTOMER, RapportCustomer, cultural_notes, "cultural notes", LONG),
  F (RECORD_CUSTOMER, RapportCustomer, notes, "notes", LONG),
  F (RECORD_CUSTOMER, RapportCustomer, consent_date, "consent date", CODE),
  F (RECORD_CUSTOMER, RapportCustomer, consent_basis, "consent basis", SHORT),
  F (RECORD_EMAIL, RapportContactPoint, value, "email", CODE),
  F (RECORD_EMAIL, RapportContactPoint, label, "email label", SHORT),
  F (RECORD_PHONE, RapportContactPoint, value, "phone", CODE),
  F (RECORD_PHONE, RapportContactPoint, label, "phone label", SHORT),
  F (RECORD_ADDRESS, RapportAddress, label, "address label", SHORT),
  F (RECORD_ADDRESS, RapportAddress, street, "street", SHORT),
  F (RECORD_ADDRESS, RapportAddress, locality, "city", SHORT),
  F (RECORD_ADDRESS, RapportAddress, region, "region", SHORT),
  F (RECORD_ADDRESS, RapportAddress, postal_code, "postal code", SHORT),
  F (RECORD_ADDRESS, RapportAddress, country, "address country", CODE),
  { RECORD_TYPE_LINK, "type", 0, RAPPORT_TEXT_CODE },
  F (RECORD_CUSTOMER_TYPE, RapportCustomerType, key, "key", CODE),
  F (RECORD_CUSTOMER_TYPE, RapportCustomerType, name, "name", SHORT),
  F (RECORD_CUSTOMER_TYPE, RapportCustomerType, description, "description", LONG),
  F (RECORD_INTERACTION, RapportInteraction, uid, "uid", CODE),
  F (RECORD_INTERACTION, RapportInteraction, contact_name, "contact name", SHORT),
  F (RECORD_INTERACTION, RapportInteraction, contact_point, "contact point", SHORT),
  F (RECORD_INTERACTION, RapportInteraction, subject, "subject", SHORT),
  F (RECORD_INTERACTION, RapportInteraction, body, "body", LONG),
  F (RECORD_INTERACTION, RapportInteraction, action_requested, "action requested", LONG),
  F (RECORD_INTERACTION, RapportInteraction, action_promised, "action promised", LONG),
  F (RECORD_INTERACTION, RapportInteraction, recorded_by, "recorded by", SHORT),
  F (RECORD_INTERACTION, RapportInteraction, outcome, "outcome", SHORT),
  F (RECORD_FOLLOW_UP, RapportFollowUp, uid, "uid", CODE),
  F (RECORD_FOLLOW_UP, RapportFollowUp, time_zone, "time zone", CODE),
  F (RECORD_FOLLOW_UP, RapportFollowUp, title, "title", SHORT),
  F (RECORD_FOLLOW_UP, RapportFollowUp, notes, "notes", LONG),
  F (RECORD_FOLLOW_UP, RapportFollowUp, rrule, "recurrence", CODE),
  F (RECORD_FOLLOW_UP, RapportFollowUp, owner, "owner", SHORT),
  F (RECORD_CONTRACT, RapportContract, uid, "uid", CODE),
  F (RECORD_CONTRACT, RapportContract, product, "product", SHORT),
  F (RECORD_CONTRACT, RapportContract, start_date, "start", CODE),
  F (RECORD_CONTRACT, RapportContract, end_date, "end", CODE),
  F (RECORD_CONTRACT, RapportContract, currency, "currency", CODE),
  F (RECORD_CONTRACT, RapportContract, notes, "notes", LONG),
  F (RECORD_NOTICE, RapportNotice, uid, "uid", CODE),
  F (RECORD_NOTICE, RapportNotice, due_date, "due", CODE),
  F (RECORD_NOTICE, RapportNotice, language, "language", CODE),
  F (RECORD_NOTICE, RapportNotice, subject, "subject", SHORT),
  F (RECORD_NOTICE, RapportNotice, body, "body", LONG),
  F (RECORD_CASE, RapportCase, uid, "uid", CODE),
  F (RECORD_CASE, RapportCase, summary, "summary", SHORT),
  F (RECORD_CASE, RapportCase, description, "description", LONG),
  F (RECORD_CASE, RapportCase, resolution_notes, "resolution notes", LONG),
  F (RECORD_CASE, RapportCase, escalated_to, "escalated to", SHORT),
  F (RECORD_FEEDBACK, RapportFeedback, uid, "uid", CODE),
  F (RECORD_FEEDBACK, RapportFeedback, comment, "comment", LONG),
  F (RECORD_FEEDBACK, RapportFeedback, themes, "themes", SHORT),
  F (RECORD_SERVICE_TARGET, RapportServiceTarget, type_key, "type", CODE),
  F (RECORD_SERVICE_TARGET, RapportServiceTarget, name, "name", SHORT),
  { RECORD_SETTING, "business-name", 0, RAPPORT_TEXT_LONG },
};

#undef F

typedef struct
{
  StoreFixture base;
  gint64       customer;
  gint64       contract;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RapportContract) contract = rapport_contract_new ();
  g_autoptr(GError) error = NULL;

  store_fixture_set_up (&fixture->base, data);
  fixture->customer = add_person (fixture->base.store, "Amara Okafor", "amara@example.com");

  contract->customer_id = fixture->customer;
  contract->product = g_strdup ("Support");
  contract->start_date = g_strdup ("2026-01-01");
  contract->end_date = g_strdup ("2026-12-31");
  contract->currency = g_strdup ("EUR");
  contract->value = 120000;
  g_assert_true (rapport_store_add_contract (fixture->base.store, contract, &error));
  g_assert_no_error (error);
  fixture->contract = contract->id;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  store_fixture_tear_down (&fixture->base, data);
}

/* A text of @kind one character (or byte) over its limit, of "é"s and
 * "€"s so that no limit falls on a character boundary by chance. */
static char *
too_long (RapportTextKind kind)
{
  GString *text = g_string_new (NULL);

  if (kind == RAPPORT_TEXT_LONG)
    {
      while (text->len <= RAPPORT_TEXT_LONG_MAX_BYTES)
        g_string_append (text, "€");
    }
  else
    {
      for (guint i = 0; i <= RAPPORT_TEXT_SHORT_MAX_CHARS; i++)
        g_string_append (text, "é");
    }

  return g_string_free (text, FALSE);
}

static void
set_text (gpointer     record,
          const Field *field,
          const char  *text)
{
  char **member = G_STRUCT_MEMBER_P (record, field->offset);

  g_free (*member);
  *member = g_strdup (text);
}

/* Writes a valid record of @field's kind with @field set to @text, and
 * returns whether the store took it. */
static gboolean
write_with (Fixture      *fixture,
            const Field  *field,
            const char   *text,
            GError      **error)
{
  RapportStore *store = fixture->base.store;

  switch (field->record)
    {
    case RECORD_CUSTOMER:
    case RECORD_EMAIL:
    case RECORD_PHONE:
    case RECORD_ADDRESS:
    case RECORD_TYPE_LINK:
      {
        g_autoptr(RapportCustomer) customer = make_person ("Ben Ali", "ben@example.com");
        RapportAddress *address;

        rapport_customer_add_phone (customer, "+49 30 1234567", "work", TRUE);
        address = rapport_customer_add_address (customer, "work");
        address->street = g_strdup ("Hauptstraße 1");
        address->locality = g_strdup ("Berlin");

        if (field->record == RECORD_CUSTOMER)
          set_text (customer, field, text);
        else if (field->record == RECORD_EMAIL)
          set_text (g_ptr_array_index (customer->emails, 0), field, text);
        else if (field->record == RECORD_PHONE)
          set_text (g_ptr_array_index (customer->phones, 0), field, text);
        else if (field->record == RECORD_ADDRESS)
          set_text (address, field, text);
        else
          rapport_customer_add_type (customer, text);

        return rapport_store_add_customer (store, customer, error);
      }

    case RECORD_CUSTOMER_TYPE:
      {
        g_autoptr(RapportCustomerType) type = rapport_customer_type_new ();

        type->key = g_strdup ("trade-fair");
        type->name = g_strdup ("Trade fair");
        set_text (type, field, text);
        return rapport_store_add_customer_type (store, type, error);
      }

    case RECORD_INTERACTION:
      {
        g_autoptr(RapportInteraction) interaction = rapport_interaction_new ();

        interaction->customer_id = fixture->customer;
        interaction->when = 1767225600;
        interaction->channel = RAPPORT_CHANNEL_PHONE;
        interaction->subject = g_strdup ("Renewal");
        set_text (interaction, field, text);
        return rapport_store_add_interaction (store, interaction, error);
      }

    case RECORD_FOLLOW_UP:
      {
        g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();

        follow_up->customer_id = fixture->customer;
        follow_up->due = 1767225600;
        follow_up->time_zone = g_strdup ("Europe/Berlin");
        follow_up->title = g_strdup ("Call back");
        set_text (follow_up, field, text);
        return rapport_store_add_follow_up (store, follow_up, error);
      }

    case RECORD_CONTRACT:
      {
        g_autoptr(RapportContract) contract = rapport_contract_new ();

        contract->customer_id = fixture->customer;
        contract->product = g_strdup ("Hosting");
        contract->start_date = g_strdup ("2026-01-01");
        contract->end_date = g_strdup ("2026-12-31");
        contract->currency = g_strdup ("EUR");
        set_text (contract, field, text);
        return rapport_store_add_contract (store, contract, error);
      }

    case RECORD_NOTICE:
      {
        g_autoptr(RapportNotice) notice = rapport_notice_new ();

        notice->contract_id = fixture->contract;
        notice->due_date = g_strdup ("2026-12-01");
        notice->subject = g_strdup ("Your renewal");
        set_text (notice, field, text);
        return rapport_store_add_notice (store, notice, error);
      }

    case RECORD_CASE:
      {
        g_autoptr(RapportCase) kase = rapport_case_new ();

        kase->customer_id = fixture->customer;
        kase->opened_at = 1767225600;
        kase->summary = g_strdup ("Invoice wrong");
        set_text (kase, field, text);
        return rapport_store_add_case (store, kase, error);
      }

    case RECORD_FEEDBACK:
      {
        g_autoptr(RapportFeedback) feedback = rapport_feedback_new ();

        feedback->customer_id = fixture->customer;
        feedback->received_at = 1767225600;
        feedback->csat = 4;
        set_text (feedback, field, text);
        return rapport_store_add_feedback (store, feedback, error);
      }

    case RECORD_SERVICE_TARGET:
      {
        g_autoptr(RapportServiceTarget) target = rapport_service_target_new ();

        target->type_key = g_strdup ("vip");
        target->name = g_strdup ("VIP answers");
        target->response_seconds = 3600;
        set_text (target, field, text);
        return rapport_store_set_service_target (store, target, error);
      }

    case RECORD_SETTING:
      return rapport_store_set_setting (store, field->field, text, error);

    default:
      g_assert_not_reached ();
    }
}

/* The callers compare a digest of the file before and after all their
 * refused writes (a digest per write is slow under ASan). */
static void
assert_refused (Fixture     *fixture,
                const Field *field,
                const char  *text,
                const char  *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *named = g_strdup_printf ("%s: ", field->field);

  g_assert_false (write_with (fixture, field, text, &error));
  g_test_message ("%s: %s", field->field, error->message);
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, named));
  g_assert_nonnull (strstr (error->message, what));
  /* Escaped, never raw, and short. */
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), <, 400);
}

static void
test_every_field_refuses_invalid_utf8 (Fixture       *fixture,
                                       gconstpointer  data)
{
  static const char * const sequences[] = {
    INVALID,             /* a 4-byte sequence cut short */
    "\xf0",              /* nothing but its first byte */
    "x\xc3",             /* a 2-byte sequence at the very end */
    "\xed\xa0\x80",      /* a UTF-16 surrogate */
    "\xc0\xaf",          /* an overlong '/' */
    "\xff\xfe",          /* never UTF-8 */
  };
  g_autofree char *before = dump_database (fixture->base.path);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    for (guint j = 0; j < G_N_ELEMENTS (sequences); j++)
      assert_refused (fixture, &fields[i], sequences[j], "is not valid UTF-8 text");

  after = dump_database (fixture->base.path);
  g_assert_cmpstr (before, ==, after);

  /* The bytes are shown escaped. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (write_with (fixture, &fields[1], INVALID, &error));
    g_assert_nonnull (strstr (error->message, "“ab\\xF0cd”"));
  }
}

static void
test_every_field_has_a_limit (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *before = dump_database (fixture->base.path);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *text = too_long (fields[i].kind);

      assert_refused (fixture, &fields[i], text,
                      fields[i].kind == RAPPORT_TEXT_LONG
                      ? "too long: 1.0" NBSP "MiB (1048578 bytes), at most 1.0" NBSP "MiB (1048576 bytes)"
                      : "too long: 301 characters, at most 300 characters");
    }

  after = dump_database (fixture->base.path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_text_at_the_limit_is_taken (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *notes = too_long (RAPPORT_TEXT_LONG);
  g_autofree char *name = too_long (RAPPORT_TEXT_SHORT);
  g_autoptr(RapportCustomer) customer = make_person (NULL, NULL);
  g_autoptr(RapportCustomer) stored = NULL;
  g_autoptr(GError) error = NULL;

  notes[rapport_text_fit_length (notes, RAPPORT_TEXT_LONG)] = '\0';
  name[rapport_text_fit_length (name, RAPPORT_TEXT_SHORT)] = '\0';
  g_assert_cmpuint (strlen (notes), ==, RAPPORT_TEXT_LONG_MAX_BYTES - 1);  /* 3-byte "€"s */
  g_assert_cmpint (g_utf8_strlen (name, -1), ==, RAPPORT_TEXT_SHORT_MAX_CHARS);

  customer->display_name = g_strdup (name);
  customer->notes = g_strdup (notes);
  g_assert_true (rapport_store_add_customer (fixture->base.store, customer, &error));
  g_assert_no_error (error);

  stored = rapport_store_get_customer (fixture->base.store, customer->id, &error);
  g_assert_cmpstr (stored->notes, ==, notes);
  g_assert_cmpstr (stored->display_name, ==, name);
}

static void
test_lookups_refuse_invalid_text (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = dump_database (fixture->base.path);
  g_autofree char *after = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GPtrArray) due = NULL;

  customer = rapport_store_find_customer (fixture->base.store, INVALID, &error);
  g_assert_null (customer);
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "customer: “ab\\xF0cd” is not valid UTF-8 text"));
  g_clear_error (&error);

  g_assert_false (rapport_store_delete_customer_type (fixture->base.store, INVALID, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "type: "));
  g_clear_error (&error);

  due = rapport_store_list_renewals_due (fixture->base.store, "2026-12-3\xf0", &error);
  g_assert_null (due);
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "today: "));
  g_clear_error (&error);

  g_assert_false (rapport_store_process_renewals (fixture->base.store, "2026-12-3\xf0", NULL, NULL, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "today: “2026-12-3\\xF0” is not valid UTF-8 text"));
  g_clear_error (&error);

  g_assert_false (rapport_store_set_setting (fixture->base.store, "owner-\xf0", "Amara", &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "setting: "));

  after = dump_database (fixture->base.path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_overflowing_id_is_not_an_id (Fixture       *fixture,
                                  gconstpointer  data)
{
  static const char * const refs[] = { "99999999999999999999", "18446744073709551615", "9223372036854775808", "0" };

  for (guint i = 0; i < G_N_ELEMENTS (refs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportCustomer) customer = rapport_store_find_customer (fixture->base.store, refs[i], &error);
      g_autofree char *expected = g_strdup_printf ("customer: “%s” is not a valid customer id", refs[i]);

      g_assert_null (customer);
      g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, expected);
    }

  /* The largest id is an id. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RapportCustomer) customer = rapport_store_find_customer (fixture->base.store,
                                                                       "9223372036854775807", &error);

    g_assert_null (customer);
    g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND);
    g_assert_cmpstr (error->message, ==, "There is no customer 9223372036854775807");
  }
}

static void
test_search_on_any_bytes (Fixture       *fixture,
                          gconstpointer  data)
{
  static const char * const inputs[] = {
    "ab\xf0", "\xf0", "ab\xf0\x9f", "ab\xf0\x9f\x99", "\xc3", "x \xe2\x82", "\xed\xa0\x80", "\xff", "a\x80z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      RapportCustomerQuery query = { .search = inputs[i] };
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) ids = rapport_store_list_customer_ids (fixture->base.store, &query, &error);
      g_autoptr(GPtrArray) customers = NULL;
      g_autofree char *prefix = NULL;
      g_autofree char *whole = NULL;

      g_assert_null (ids);
      g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "search: "));
      g_clear_error (&error);

      customers = rapport_store_list_customers (fixture->base.store, &query, &error);
      g_assert_null (customers);
      g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);

      /* The query builder itself reads only what is there, and leaves
       * the invalid bytes out. */
      prefix = rapport_store_build_match (inputs[i], TRUE);
      whole = rapport_store_build_match (inputs[i], FALSE);
      g_assert_true (prefix == NULL || g_utf8_validate (prefix, -1, NULL));
      g_assert_true (whole == NULL || g_utf8_validate (whole, -1, NULL));
    }

  {
    g_autofree char *match = rapport_store_build_match ("ab\xf0", TRUE);

    g_assert_cmpstr (match, ==, "\"ab\"*");
  }

  {
    g_autofree char *match = rapport_store_build_match ("a\x80z \"okaf\xc3", FALSE);

    g_assert_cmpstr (match, ==, "\"az\" \"\"\"okaf\"");
  }
}

static void
test_import_cuts_oversized_fields (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(RapportImportReport) report = NULL;
  g_autoptr(GString) csv = g_string_new ("name,organization,city,notes,email\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autofree char *long_name = g_strnfill (400, 'n');
  g_autofree char *long_org = g_strnfill (350, 'o');
  g_autofree char *notes = NULL;
  GString *note = g_string_new (NULL);
  const RapportAddress *address;

  /* 2 MiB of "€" and "x": the limit falls inside a "€". */
  while (note->len < 2 * RAPPORT_TEXT_LONG_MAX_BYTES)
    g_string_append (note, "€x");
  notes = g_string_free (note, FALSE);

  g_string_append_printf (csv, "%s,%s,Town%s,%s,long@example.com\n", long_name, long_org, long_name, notes);
  g_string_append (csv, "Ada Obi,,Lagos,short,ada@example.com\n");

  g_assert_true (rapport_store_import_csv (fixture->base.store, csv->str, csv->len,
                                           RAPPORT_IMPORT_DEFAULT, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->imported, ==, 2);
  g_assert_cmpuint (report->skipped, ==, 0);

  for (guint i = 0; i < report->problems->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (report->problems, i));
  g_assert_cmpuint (report->problems->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (report->problems, 0), ==,
                   "line 2: organization: cut to 300 characters (it had 350 characters)");
  g_assert_cmpstr (g_ptr_array_index (report->problems, 1), ==,
                   "line 2: name: cut to 300 characters (it had 400 characters)");
  g_assert_cmpstr (g_ptr_array_index (report->problems, 2), ==,
                   "line 2: notes: cut to 1.0" NBSP "MiB (it had 2.0" NBSP "MiB)");
  g_assert_cmpstr (g_ptr_array_index (report->problems, 3), ==,
                   "line 2: city: cut to 300 characters (it had 404 characters)");

  customer = rapport_store_find_customer (fixture->base.store, "long@example.com", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_utf8_strlen (customer->display_name, -1), ==, 300);
  g_assert_true (strncmp (customer->display_name, long_name, 300) == 0);
  g_assert_cmpint (g_utf8_strlen (customer->organization_name, -1), ==, 300);
  g_assert_true (g_utf8_validate (customer->notes, -1, NULL));
  g_assert_cmpuint (strlen (customer->notes), <=, RAPPORT_TEXT_LONG_MAX_BYTES);
  g_assert_cmpuint (strlen (customer->notes), >, RAPPORT_TEXT_LONG_MAX_BYTES - 4);
  g_assert_true (strncmp (customer->notes, notes, strlen (customer->notes)) == 0);
  address = g_ptr_array_index (customer->addresses, 0);
  g_assert_cmpint (g_utf8_strlen (address->locality, -1), ==, 300);
}

static void
test_import_names_a_nul_byte (Fixture       *fixture,
                              gconstpointer  data)
{
  static const char csv[] = "name,notes\nAda Obi,one\0two\nBen Ali,fine\n";
  g_autoptr(RapportImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = dump_database (fixture->base.path);
  g_autofree char *after = NULL;

  g_assert_false (rapport_store_import_csv (fixture->base.store, csv, sizeof csv - 1,
                                            RAPPORT_IMPORT_DEFAULT, &report, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "line 2: contains a NUL byte");
  after = dump_database (fixture->base.path);
  g_assert_cmpstr (before, ==, after);

  g_clear_pointer (&report, rapport_import_report_free);
  g_clear_error (&error);
  g_assert_true (rapport_store_import_csv (fixture->base.store, csv, sizeof csv - 1,
                                           RAPPORT_IMPORT_SKIP_INVALID, &report, &error));
  g_assert_cmpuint (report->imported, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (report->problems, 0), ==, "line 2: contains a NUL byte");
}

static void
test_text_checks (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (rapport_text_validate ("one\0two", 7, "notes", &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "notes: contains a NUL byte");
  g_clear_error (&error);

  g_assert_false (rapport_text_validate ("one\xf0", 4, "notes", &error));
  g_assert_cmpstr (error->message, ==, "notes: “one\\xF0” is not valid UTF-8 text");
  g_clear_error (&error);

  g_assert_true (rapport_text_validate ("one", 3, "notes", &error));
  g_assert_no_error (error);

  /* Cut and trimmed is a cut; an edit is not. */
  {
    g_autofree char *over = too_long (RAPPORT_TEXT_SHORT);
    g_autofree char *full = g_strconcat ("  ", over, NULL);
    g_autofree char *cut = g_strndup (full + 2, rapport_text_fit_length (full + 2, RAPPORT_TEXT_SHORT));

    g_assert_true (rapport_text_is_cut_of (cut, full, RAPPORT_TEXT_SHORT));
    cut[strlen (cut) - 2] = '\0';
    g_assert_false (rapport_text_is_cut_of (cut, full, RAPPORT_TEXT_SHORT));
    g_assert_false (rapport_text_is_cut_of ("é", "é", RAPPORT_TEXT_SHORT));
    g_assert_false (rapport_text_is_cut_of (cut, full, RAPPORT_TEXT_CODE));
  }
}

static void
test_values_in_messages (void)
{
  g_autofree char *escaped = rapport_text_for_message ("ab\xf0\x1b[31m", -1);
  g_autofree char *huge = g_strnfill (10 * 1000 * 1000, 'a');
  g_autofree char *shown = rapport_text_for_message (huge, -1);
  g_autofree char *expected = NULL;
  g_autofree char *message = NULL;
  g_autofree char *sanitized = NULL;

  g_assert_cmpstr (escaped, ==, "ab\\xF0\\x1B[31m");

  expected = g_strdup_printf ("%.*s… (10.0" NBSP "MB)", RAPPORT_TEXT_MESSAGE_CHARS, huge);
  g_assert_cmpstr (shown, ==, expected);

  /* A whole message: raw bytes escaped, long quoted values shortened. */
  message = g_strdup_printf ("type: “%s” is not a customer type\nline 2: “ab\xf0”", huge);
  sanitized = rapport_text_sanitize_message (message);
  g_free (expected);
  expected = g_strdup_printf ("type: “%.*s… (10.0" NBSP "MB)” is not a customer type\nline 2: “ab\\xF0”",
                              RAPPORT_TEXT_MESSAGE_CHARS, huge);
  g_assert_cmpstr (sanitized, ==, expected);
}

static void
test_json_dates_have_four_digit_years (void)
{
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GDateTime) early = g_date_time_new_utc (999, 6, 1, 8, 30, 0);
  g_autoptr(GDateTime) very_early = g_date_time_new_utc (42, 1, 2, 3, 4, 5);
  g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *ancient = NULL;
  JsonObject *object;

  text = rapport_json_format_instant (g_date_time_to_unix (early));
  g_assert_cmpstr (text, ==, "0999-06-01T08:30:00Z");
  ancient = rapport_json_format_instant (g_date_time_to_unix (very_early));
  g_assert_cmpstr (ancient, ==, "0042-01-02T03:04:05Z");

  follow_up->due = g_date_time_to_unix (early);
  follow_up->time_zone = g_strdup ("UTC");
  follow_up->title = g_strdup ("Ancient");
  node = rapport_follow_up_to_json (follow_up);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "due"), ==, "0999-06-01T08:30:00Z");
  g_assert_cmpstr (json_object_get_string_member (object, "due_in_time_zone"), ==, "0999-06-01T08:30:00+00:00");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/text/store/every-field-refuses-invalid-utf8", test_every_field_refuses_invalid_utf8);
  ADD ("/text/store/every-field-has-a-limit", test_every_field_has_a_limit);
  ADD ("/text/store/text-at-the-limit-is-taken", test_text_at_the_limit_is_taken);
  ADD ("/text/store/lookups-refuse-invalid-text", test_lookups_refuse_invalid_text);
  ADD ("/text/store/overflowing-id-is-not-an-id", test_overflowing_id_is_not_an_id);
  ADD ("/text/search/any-bytes-give-an-error-not-a-crash", test_search_on_any_bytes);
  ADD ("/text/import/oversized-fields-are-cut-and-reported", test_import_cuts_oversized_fields);
  ADD ("/text/import/nul-byte-is-named", test_import_names_a_nul_byte);

#undef ADD

  g_test_add_func ("/text/check/nul-invalid-and-cut", test_text_checks);
  g_test_add_func ("/text/message/values-escaped-and-shortened", test_values_in_messages);
  g_test_add_func ("/text/json/dates-have-four-digit-years", test_json_dates_have_four_digit_years);

  return g_test_run ();
}
