/* test-store.c
 *
 * Create, read, update and delete every kind of record; every validation
 * rule refuses bad input with an error naming the field and leaves the
 * database exactly as it was; ::changed follows each commit.
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "rapport-store-private.h"
#include "test-util.h"

static void
test_customer_round_trip (StoreFixture  *fixture,
                          gconstpointer  data)
{
  g_autoptr(RapportCustomer) customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autoptr(RapportCustomer) loaded = NULL;
  g_autoptr(GError) error = NULL;
  RapportAddress *address;

  customer->display_name = g_strdup ("Amara Okafor");
  customer->given_name = g_strdup ("Amara");
  customer->family_name = g_strdup ("Okafor");
  customer->form_of_address = g_strdup ("Ms.");
  customer->language = g_strdup ("en-ng");
  customer->time_zone = g_strdup ("Africa/Lagos");
  customer->country = g_strdup ("ng");
  customer->preferred_channel = RAPPORT_CHANNEL_PHONE;
  customer->best_time = g_strdup ("mornings");
  customer->cultural_notes = g_strdup ("Prefers formal address");
  customer->consent_marketing = TRUE;
  customer->consent_date = g_strdup ("2026-01-15");
  customer->consent_basis = g_strdup ("signed form");
  rapport_customer_add_email (customer, "amara@example.com", "Work", TRUE);
  rapport_customer_add_email (customer, "AMARA@example.com", "home", FALSE);
  rapport_customer_add_phone (customer, "+234 801 234 5678", "mobile", TRUE);
  address = rapport_customer_add_address (customer, "work");
  address->street = g_strdup ("12 Marina Road");
  address->locality = g_strdup ("Lagos");
  address->country = g_strdup ("ng");
  rapport_customer_add_type (customer, "returning");
  rapport_customer_add_type (customer, "International");

  g_assert_true (rapport_store_add_customer (fixture->store, customer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (customer->id, >, 0);
  g_assert_true (g_uuid_string_is_valid (customer->uid));

  loaded = rapport_store_get_customer (fixture->store, customer->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->display_name, ==, "Amara Okafor");
  g_assert_cmpstr (loaded->uid, ==, customer->uid);
  g_assert_cmpstr (loaded->language, ==, "en-NG");
  g_assert_cmpstr (loaded->country, ==, "NG");
  g_assert_cmpstr (loaded->time_zone, ==, "Africa/Lagos");
  g_assert_cmpint (loaded->preferred_channel, ==, RAPPORT_CHANNEL_PHONE);
  g_assert_true (loaded->consent_marketing);
  g_assert_cmpstr (loaded->consent_date, ==, "2026-01-15");
  /* The same address in another case is one address. */
  g_assert_cmpuint (loaded->emails->len, ==, 1);
  g_assert_cmpstr (rapport_customer_get_email (loaded), ==, "amara@example.com");
  g_assert_cmpstr (((RapportContactPoint *) g_ptr_array_index (loaded->emails, 0))->label, ==, "work");
  /* Kept as typed. */
  g_assert_cmpstr (rapport_customer_get_phone (loaded), ==, "+234 801 234 5678");
  g_assert_cmpuint (loaded->addresses->len, ==, 1);
  g_assert_cmpstr (((RapportAddress *) g_ptr_array_index (loaded->addresses, 0))->locality, ==, "Lagos");
  g_assert_true (rapport_customer_has_type (loaded, "returning"));
  g_assert_true (rapport_customer_has_type (loaded, "international"));
  g_assert_cmpuint (loaded->derived_types->len, ==, 0);

  {
    g_autofree char *salutation = rapport_customer_dup_salutation_name (loaded);

    g_assert_cmpstr (salutation, ==, "Ms. Okafor");
  }

  /* A list row's summary: the same fields and types, no contact points. */
  {
    g_autoptr(RapportCustomer) summary = rapport_store_get_customer_summary (fixture->store, customer->id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (summary->display_name, ==, "Amara Okafor");
    g_assert_cmpstr (summary->language, ==, "en-NG");
    g_assert_true (rapport_customer_has_type (summary, "returning"));
    g_assert_true (rapport_customer_has_type (summary, "international"));
    g_assert_cmpuint (summary->emails->len, ==, 0);
    g_assert_cmpuint (summary->addresses->len, ==, 0);
  }
}

/* The E.164 form the store keeps beside phone @position of @id. */
static char *
stored_e164 (StoreFixture *fixture,
             gint64        id,
             int           position)
{
  sqlite3_stmt *stmt = NULL;
  char *e164 = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (fixture->store->db,
                                       "SELECT ifnull (e164, 'NULL') FROM customer_phone"
                                       " WHERE customer_id = ?1 AND position = ?2",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, position);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    e164 = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return e164;
}

/* A phone is kept as typed, with its E.164 form beside it; the "(0)" of
 * "+44 (0)20 ..." is the national prefix, not a digit. The same number
 * typed another way is the same number. */
static void
test_customer_phone_kept_as_typed (StoreFixture  *fixture,
                                   gconstpointer  data)
{
  g_autoptr(RapportCustomer) customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autoptr(RapportCustomer) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  customer->display_name = g_strdup ("Oliver Hughes");
  customer->country = g_strdup ("GB");
  rapport_customer_add_phone (customer, "+44 (0)20 7946 0958", "work", TRUE);
  rapport_customer_add_phone (customer, "020 7946 0958", "other", FALSE);
  rapport_customer_add_phone (customer, "07700 900123", "mobile", FALSE);
  g_assert_true (rapport_store_add_customer (fixture->store, customer, &error));
  g_assert_no_error (error);

  loaded = rapport_store_get_customer (fixture->store, customer->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->phones->len, ==, 2);
  g_assert_cmpstr (((RapportContactPoint *) g_ptr_array_index (loaded->phones, 0))->value, ==, "+44 (0)20 7946 0958");
  g_assert_cmpstr (((RapportContactPoint *) g_ptr_array_index (loaded->phones, 1))->value, ==, "07700 900123");
  first = stored_e164 (fixture, customer->id, 0);
  second = stored_e164 (fixture, customer->id, 1);
  g_assert_cmpstr (first, ==, "+442079460958");
  g_assert_cmpstr (second, ==, "+447700900123");
}

/* From the user a number libphonenumber cannot read, or of a length no
 * number of its country has, is refused naming the field; received from
 * outside it is kept as it came, with no E.164 form. */
static void
test_customer_phone_received_as_is (StoreFixture  *fixture,
                                    gconstpointer  data)
{
  g_autoptr(RapportCustomer) typed = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autoptr(RapportCustomer) received = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autoptr(RapportCustomer) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *e164 = NULL;

  typed->display_name = g_strdup ("Oliver Hughes");
  typed->country = g_strdup ("GB");
  rapport_customer_add_phone (typed, "+1 555", "work", TRUE);
  g_assert_false (rapport_store_add_customer (fixture->store, typed, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "phone: “+1 555” has too few or too many digits"));
  g_clear_error (&error);
  g_assert_cmpuint (rapport_store_count_customers (fixture->store, NULL), ==, 0);

  received->display_name = g_strdup ("Oliver Hughes");
  received->country = g_strdup ("GB");
  rapport_customer_add_phone (received, "+1 555", "work", TRUE);
  rapport_customer_add_phone (received, "ask reception", "other", FALSE);
  g_assert_true (rapport_store_add_received_customer (fixture->store, received, &error));
  g_assert_no_error (error);
  loaded = rapport_store_get_customer (fixture->store, received->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->phones->len, ==, 2);
  g_assert_cmpstr (((RapportContactPoint *) g_ptr_array_index (loaded->phones, 0))->value, ==, "+1 555");
  g_assert_cmpstr (((RapportContactPoint *) g_ptr_array_index (loaded->phones, 1))->value, ==, "ask reception");
  e164 = stored_e164 (fixture, received->id, 1);
  g_assert_cmpstr (e164, ==, "NULL");

  /* Written again as received, it stays. The user editing something
   * else keeps it too; only a number typed anew must be one to dial. */
  g_assert_true (rapport_store_update_received_customer (fixture->store, loaded, &error));
  g_assert_no_error (error);
  g_free (loaded->notes);
  loaded->notes = g_strdup ("Prefers mornings");
  g_assert_true (rapport_store_update_customer (fixture->store, loaded, &error));
  g_assert_no_error (error);
  rapport_customer_add_phone (loaded, "+1 556", "home", FALSE);
  g_assert_false (rapport_store_update_customer (fixture->store, loaded, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“+1 556”"));
}

/* A value the user could not type (a country name for a code, an unusual
 * email, a language or zone Rapport does not know) is kept as it came
 * from outside, and kept through the user's edits of other fields; only
 * the same value typed anew is refused. */
static void
test_customer_outside_values_kept (StoreFixture  *fixture,
                                   gconstpointer  data)
{
  g_autoptr(RapportCustomer) received = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autoptr(RapportCustomer) loaded = NULL;
  g_autoptr(RapportCustomer) typed = NULL;
  g_autoptr(GError) error = NULL;
  RapportAddress *address;

  received->display_name = g_strdup ("Amélie Roux");
  received->country = g_strdup ("France");
  received->language = g_strdup ("français");
  received->time_zone = g_strdup ("Europe/Paris-Old");
  rapport_customer_add_email (received, "amelie@localhost", "work", TRUE);
  address = rapport_address_new ();
  address->locality = g_strdup ("Lyon");
  address->country = g_strdup ("France");
  g_ptr_array_add (received->addresses, address);
  g_assert_true (rapport_store_add_received_customer (fixture->store, received, &error));
  g_assert_no_error (error);

  loaded = rapport_store_get_customer (fixture->store, received->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->country, ==, "France");
  g_assert_cmpstr (loaded->language, ==, "français");
  g_assert_cmpstr (loaded->time_zone, ==, "Europe/Paris-Old");
  g_assert_cmpstr (((RapportContactPoint *) g_ptr_array_index (loaded->emails, 0))->value, ==, "amelie@localhost");
  g_assert_cmpstr (((RapportAddress *) g_ptr_array_index (loaded->addresses, 0))->country, ==, "France");

  /* The user changes the notes: everything else stays as it came. */
  g_free (loaded->notes);
  loaded->notes = g_strdup ("Met at the trade fair");
  g_assert_true (rapport_store_update_customer (fixture->store, loaded, &error));
  g_assert_no_error (error);
  g_clear_pointer (&loaded, rapport_customer_free);
  loaded = rapport_store_get_customer (fixture->store, received->id, &error);
  g_assert_cmpstr (loaded->country, ==, "France");
  g_assert_cmpstr (loaded->notes, ==, "Met at the trade fair");

  /* The same kinds of values typed by the user are refused, each with
   * its field. */
  typed = rapport_customer_copy (loaded);
  g_free (typed->country);
  typed->country = g_strdup ("Germany");
  g_assert_false (rapport_store_update_customer (fixture->store, typed, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "country"));
  g_clear_error (&error);
  g_clear_pointer (&typed, rapport_customer_free);

  typed = rapport_customer_copy (loaded);
  rapport_customer_add_email (typed, "bob@localhost", NULL, FALSE);
  g_assert_false (rapport_store_update_customer (fixture->store, typed, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "email"));
  g_clear_error (&error);
  g_clear_pointer (&typed, rapport_customer_free);

  typed = rapport_customer_copy (loaded);
  g_free (((RapportAddress *) g_ptr_array_index (typed->addresses, 0))->country);
  ((RapportAddress *) g_ptr_array_index (typed->addresses, 0))->country = g_strdup ("Spain");
  g_assert_false (rapport_store_update_customer (fixture->store, typed, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "address country"));
  g_clear_error (&error);

  /* A new customer has nothing stored to keep. */
  g_clear_pointer (&typed, rapport_customer_free);
  typed = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  typed->display_name = g_strdup ("Typed Anew");
  typed->language = g_strdup ("français");
  g_assert_false (rapport_store_add_customer (fixture->store, typed, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "language"));
}

static void
test_customer_update_and_find (StoreFixture  *fixture,
                               gconstpointer  data)
{
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(RapportCustomer) found = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = add_person (fixture->store, "Jürgen Müller", "jm@example.de");

  customer = rapport_store_get_customer (fixture->store, id, &error);
  g_assert_no_error (error);
  g_free (customer->language);
  customer->language = g_strdup ("de-DE");
  g_ptr_array_set_size (customer->emails, 0);
  rapport_customer_add_email (customer, "juergen@example.de", NULL, TRUE);
  g_assert_true (rapport_store_update_customer (fixture->store, customer, &error));
  g_assert_no_error (error);

  found = rapport_store_find_customer (fixture->store, "JUERGEN@example.de", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, id);
  g_assert_cmpstr (found->language, ==, "de-DE");
  g_clear_pointer (&found, rapport_customer_free);

  found = rapport_store_find_customer (fixture->store, "jm@example.de", &error);
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND);
  g_assert_null (found);
  g_clear_error (&error);

  found = rapport_store_find_customer (fixture->store, customer->uid, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, id);
  g_clear_pointer (&found, rapport_customer_free);

  found = rapport_store_find_customer (fixture->store, "jurgen muller", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, id);
  g_clear_pointer (&found, rapport_customer_free);

  add_person (fixture->store, "Jurgen Muller", NULL);
  found = rapport_store_find_customer (fixture->store, "Jurgen Muller", &error);
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_AMBIGUOUS);
  g_assert_null (found);
}

static void
test_customer_delete_restore_purge (StoreFixture  *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(RapportInteraction) interaction = rapport_interaction_new ();
  g_autoptr(GArray) ids = NULL;
  RapportCustomerQuery query = { 0 };
  gint64 id = add_person (fixture->store, "Kofi Mensah", "kofi@example.gh");

  interaction->customer_id = id;
  interaction->subject = g_strdup ("Asked about invoices");
  g_assert_true (rapport_store_add_interaction (fixture->store, interaction, &error));
  g_assert_no_error (error);

  g_assert_true (rapport_store_delete_customer (fixture->store, id, &error));
  g_assert_no_error (error);
  customer = rapport_store_get_customer (fixture->store, id, &error);
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  query.search = "kofi";
  ids = rapport_store_list_customer_ids (fixture->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);

  /* Deleting twice is an error, restoring brings everything back. */
  g_assert_false (rapport_store_delete_customer (fixture->store, id, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (rapport_store_restore_customer (fixture->store, id, &error));
  g_assert_no_error (error);
  ids = rapport_store_list_customer_ids (fixture->store, &query, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_array_unref);
  {
    g_autoptr(GPtrArray) history = rapport_store_list_interactions (fixture->store, id, 0, &error);

    g_assert_cmpuint (history->len, ==, 1);
  }

  /* Erasure removes the customer and the history for good. */
  g_assert_true (rapport_store_purge_customer (fixture->store, id, &error));
  g_assert_no_error (error);
  g_assert_false (rapport_store_restore_customer (fixture->store, id, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  {
    g_autoptr(GPtrArray) history = rapport_store_list_interactions (fixture->store, id, 0, &error);

    g_assert_cmpuint (history->len, ==, 0);
  }
  query.search = "invoices";
  ids = rapport_store_list_customer_ids (fixture->store, &query, &error);
  g_assert_cmpuint (ids->len, ==, 0);
}

static void
test_organization_members (StoreFixture  *fixture,
                           gconstpointer  data)
{
  g_autoptr(RapportCustomer) organization = rapport_customer_new (RAPPORT_CUSTOMER_KIND_ORGANIZATION);
  g_autoptr(RapportCustomer) person = make_person ("Grace Uwase", "grace@kigalicoffee.rw");
  g_autoptr(RapportCustomer) loaded = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  RapportCustomerQuery query = { .search = "Kigali" };

  organization->display_name = g_strdup ("Kigali Coffee Ltd");
  rapport_customer_add_type (organization, "b2b");
  g_assert_true (rapport_store_add_customer (fixture->store, organization, &error));
  g_assert_no_error (error);

  person->organization_id = organization->id;
  person->job_title = g_strdup ("Buyer");
  g_assert_true (rapport_store_add_customer (fixture->store, person, &error));
  g_assert_no_error (error);

  loaded = rapport_store_get_customer (fixture->store, person->id, &error);
  g_assert_cmpstr (loaded->organization_name, ==, "Kigali Coffee Ltd");

  members = rapport_store_list_members (fixture->store, organization->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 1);

  /* The organization's name finds its people too. */
  ids = rapport_store_list_customer_ids (fixture->store, &query, &error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_clear_pointer (&ids, g_array_unref);

  /* Renaming the organization updates what its people are found by. */
  g_free (organization->display_name);
  organization->display_name = g_strdup ("Huye Roasters");
  g_assert_true (rapport_store_update_customer (fixture->store, organization, &error));
  g_assert_no_error (error);
  query.search = "huye";
  ids = rapport_store_list_customer_ids (fixture->store, &query, &error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_clear_pointer (&ids, g_array_unref);

  /* An organization with people cannot become a person. */
  organization->kind = RAPPORT_CUSTOMER_KIND_PERSON;
  g_assert_false (rapport_store_update_customer (fixture->store, organization, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "kind"));
  g_clear_error (&error);

  /* A person cannot belong to a person. */
  {
    g_autoptr(RapportCustomer) other = make_person ("Eric Habimana", NULL);

    other->organization_id = person->id;
    g_assert_false (rapport_store_add_customer (fixture->store, other, &error));
    g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "organization"));
  }
}

typedef struct
{
  const char *path;
  const char *field;   /* expected in the message */
  void      (*spoil) (RapportCustomer *customer);
} BadCustomer;

static void spoil_email (RapportCustomer *c) { rapport_customer_add_email (c, "amara@", NULL, FALSE); }
static void spoil_phone (RapportCustomer *c) { rapport_customer_add_phone (c, "call me maybe", NULL, FALSE); }
static void spoil_language (RapportCustomer *c) { c->language = g_strdup ("english please"); }
static void spoil_time_zone (RapportCustomer *c) { c->time_zone = g_strdup ("Mars/Olympus_Mons"); }
static void spoil_country (RapportCustomer *c) { c->country = g_strdup ("XX"); }
static void spoil_type (RapportCustomer *c) { rapport_customer_add_type (c, "no-such-type"); }
static void spoil_consent (RapportCustomer *c) { c->consent_date = g_strdup ("2026-02-30"); }
static void spoil_name (RapportCustomer *c) { g_clear_pointer (&c->display_name, g_free); c->display_name = g_strdup ("   "); }
static void spoil_channel (RapportCustomer *c) { c->preferred_channel = 99; }
static void spoil_organization (RapportCustomer *c) { c->organization_id = 4242; }
static void spoil_address (RapportCustomer *c) { rapport_customer_add_address (c, NULL)->country = g_strdup ("Narnia"); }

static const BadCustomer bad_customers[] = {
  { "/store/customer/add-rejects-bad-email", "email", spoil_email },
  { "/store/customer/add-rejects-bad-phone", "phone", spoil_phone },
  { "/store/customer/add-rejects-bad-language", "language", spoil_language },
  { "/store/customer/add-rejects-unknown-time-zone", "time zone", spoil_time_zone },
  { "/store/customer/add-rejects-unknown-country", "country", spoil_country },
  { "/store/customer/add-rejects-unknown-type", "type", spoil_type },
  { "/store/customer/add-rejects-impossible-consent-date", "consent date", spoil_consent },
  { "/store/customer/add-rejects-blank-name", "name", spoil_name },
  { "/store/customer/add-rejects-unknown-channel", "channel", spoil_channel },
  { "/store/customer/add-rejects-missing-organization", "organization", spoil_organization },
  { "/store/customer/add-rejects-bad-address-country", "country", spoil_address },
};

static void
test_customer_rejects (StoreFixture  *fixture,
                       gconstpointer  data)
{
  const BadCustomer *bad = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id = add_person (fixture->store, "Existing Customer", "existing@example.com");

  before = dump_database (fixture->path);

  /* Adding a bad customer... */
  {
    g_autoptr(RapportCustomer) customer = make_person ("Amara Okafor", "amara@example.com");

    bad->spoil (customer);
    g_assert_false (rapport_store_add_customer (fixture->store, customer, &error));
    g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, bad->field));
    g_assert_cmpint (customer->id, ==, 0);
    g_clear_error (&error);
  }

  /* ...and spoiling an existing one both leave the file as it was. */
  {
    g_autoptr(RapportCustomer) customer = rapport_store_get_customer (fixture->store, id, &error);

    g_assert_no_error (error);
    bad->spoil (customer);
    g_assert_false (rapport_store_update_customer (fixture->store, customer, &error));
    g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, bad->field));
    /* The record is named. */
    g_assert_nonnull (strstr (error->message, "customer"));
  }

  after = dump_database (fixture->path);
  g_assert_cmpstr (before, ==, after);
}

static void
changed_cb (RapportStore *store,
            guint         entity,
            guint         change,
            gint64        id,
            GString      *log)
{
  g_string_append_printf (log, "%u:%u:%" G_GINT64_FORMAT ";", entity, change, id);
}

static void
test_changed_signal (StoreFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  gint64 id;

  g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), log);

  id = add_person (fixture->store, "Ana Souza", NULL);
  expected = g_strdup_printf ("%u:%u:%" G_GINT64_FORMAT ";",
                              RAPPORT_ENTITY_CUSTOMER, RAPPORT_CHANGE_ADDED, id);
  g_assert_cmpstr (log->str, ==, expected);

  /* A refused write says nothing. */
  g_string_truncate (log, 0);
  {
    g_autoptr(RapportCustomer) bad = make_person ("Bad", "not-an-email");

    g_assert_false (rapport_store_add_customer (fixture->store, bad, &error));
    g_clear_error (&error);
  }
  g_assert_cmpstr (log->str, ==, "");

  g_assert_true (rapport_store_delete_customer (fixture->store, id, &error));
  g_free (expected);
  expected = g_strdup_printf ("%u:%u:%" G_GINT64_FORMAT ";",
                              RAPPORT_ENTITY_CUSTOMER, RAPPORT_CHANGE_REMOVED, id);
  g_assert_cmpstr (log->str, ==, expected);
}

static void
test_interaction_crud (StoreFixture  *fixture,
                       gconstpointer  data)
{
  g_autoptr(RapportInteraction) interaction = rapport_interaction_new ();
  g_autoptr(RapportInteraction) loaded = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  gint64 id = add_person (fixture->store, "Amara Okafor", "amara@example.com");

  interaction->customer_id = id;
  interaction->when = unix_at ("Africa/Lagos", 2026, 11, 20, 14, 30);
  interaction->channel = RAPPORT_CHANNEL_PHONE;
  interaction->direction = RAPPORT_DIRECTION_INBOUND;
  interaction->contact_name = g_strdup ("Her assistant, Tolu");
  interaction->contact_point = g_strdup ("+2348012345678");
  interaction->subject = g_strdup ("Late delivery");
  interaction->body = g_strdup ("Order 4411 has not arrived.");
  interaction->action_requested = g_strdup ("Find the parcel");
  interaction->action_promised = g_strdup ("Call back with tracking number");
  interaction->recorded_by = g_strdup ("Lena");
  interaction->handle_time = 6 * 60;
  g_assert_true (rapport_store_add_interaction (fixture->store, interaction, &error));
  g_assert_no_error (error);

  loaded = rapport_store_get_interaction (fixture->store, interaction->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->action_promised, ==, "Call back with tracking number");
  g_assert_cmpstr (loaded->contact_name, ==, "Her assistant, Tolu");
  g_assert_cmpint (loaded->handle_time, ==, 360);
  g_assert_cmpint (loaded->when, ==, interaction->when);

  customer = rapport_store_get_customer (fixture->store, id, &error);
  g_assert_cmpint (customer->last_contact, ==, interaction->when);

  g_free (loaded->outcome);
  loaded->outcome = g_strdup ("Parcel found");
  g_assert_true (rapport_store_update_interaction (fixture->store, loaded, &error));
  g_assert_no_error (error);

  before = dump_database (fixture->path);
  loaded->handle_time = -5;
  g_assert_false (rapport_store_update_interaction (fixture->store, loaded, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "handle time"));
  g_clear_error (&error);
  loaded->handle_time = 60;
  g_clear_pointer (&loaded->subject, g_free);
  g_clear_pointer (&loaded->body, g_free);
  g_assert_false (rapport_store_update_interaction (fixture->store, loaded, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "subject"));
  g_clear_error (&error);
  {
    g_autoptr(RapportInteraction) orphan = rapport_interaction_new ();
    g_autofree char *after = NULL;

    orphan->customer_id = 999;
    orphan->subject = g_strdup ("Nobody");
    g_assert_false (rapport_store_add_interaction (fixture->store, orphan, &error));
    g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "customer"));
    g_clear_error (&error);
    after = dump_database (fixture->path);
    g_assert_cmpstr (before, ==, after);
  }

  history = rapport_store_list_interactions (fixture->store, id, 0, &error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_true (rapport_store_delete_interaction (fixture->store, interaction->id, &error));
  g_assert_no_error (error);
  g_assert_false (rapport_store_delete_interaction (fixture->store, interaction->id, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_clear_pointer (&customer, rapport_customer_free);
  customer = rapport_store_get_customer (fixture->store, id, &error);
  g_assert_cmpint (customer->last_contact, ==, 0);
}

static void
test_derived_types (StoreFixture  *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GArray) ids = NULL;
  RapportCustomerQuery query = { .type_key = "returning" };
  gint64 id = add_person (fixture->store, "Chen Wei", NULL);
  gint64 other = add_person (fixture->store, "Lucía Pérez", NULL);

  customer = rapport_store_get_customer (fixture->store, id, &error);
  g_assert_cmpuint (customer->derived_types->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (customer->derived_types, 0), ==, "new");
  g_clear_pointer (&customer, rapport_customer_free);

  for (int day = 1; day <= 2; day++)
    {
      g_autoptr(RapportInteraction) interaction = rapport_interaction_new ();

      interaction->customer_id = id;
      interaction->when = unix_at ("UTC", 2026, 10, day, 12, 0);
      interaction->subject = g_strdup ("Order");
      g_assert_true (rapport_store_add_interaction (fixture->store, interaction, &error));
    }

  customer = rapport_store_get_customer (fixture->store, id, &error);
  g_assert_cmpstr (g_ptr_array_index (customer->derived_types, 0), ==, "returning");

  ids = rapport_store_list_customer_ids (fixture->store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id);
  g_clear_pointer (&ids, g_array_unref);

  query.type_key = "new";
  ids = rapport_store_list_customer_ids (fixture->store, &query, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, other);
}

static void
test_customer_types (StoreFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(RapportCustomerType) type = rapport_customer_type_new ();
  g_autoptr(RapportCustomer) customer = make_person ("Ingrid Berg", NULL);
  g_autoptr(GError) error = NULL;
  gboolean found_vip = FALSE;

  types = rapport_store_list_customer_types (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (types->len, ==, 17);
  for (guint i = 0; i < types->len; i++)
    {
      RapportCustomerType *t = g_ptr_array_index (types, i);

      g_assert_true (t->builtin);
      g_assert_cmpstr (rapport_customer_type_get_description (t), !=, "");
      if (g_str_equal (t->key, "vip"))
        found_vip = TRUE;
    }
  g_assert_true (found_vip);

  type->name = g_strdup ("Trade Fair 2026");
  g_assert_true (rapport_store_add_customer_type (fixture->store, type, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (type->key, ==, "trade-fair-2026");

  rapport_customer_add_type (customer, "trade-fair-2026");
  g_assert_true (rapport_store_add_customer (fixture->store, customer, &error));
  g_assert_no_error (error);

  g_assert_false (rapport_store_delete_customer_type (fixture->store, "vip", &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_clear_error (&error);

  {
    g_autoptr(RapportCustomerType) twice = rapport_customer_type_new ();

    twice->name = g_strdup ("Trade fair 2026");
    g_assert_false (rapport_store_add_customer_type (fixture->store, twice, &error));
    g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_CONFLICT);
    g_clear_error (&error);
  }

  g_assert_true (rapport_store_delete_customer_type (fixture->store, "trade-fair-2026", &error));
  g_assert_no_error (error);
  {
    g_autoptr(RapportCustomer) loaded = rapport_store_get_customer (fixture->store, customer->id, &error);

    g_assert_false (rapport_customer_has_type (loaded, "trade-fair-2026"));
  }
}

static void
test_follow_up_crud (StoreFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();
  g_autoptr(RapportFollowUp) loaded = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id = add_person (fixture->store, "Amara Okafor", NULL);

  follow_up->customer_id = id;
  follow_up->title = g_strdup ("Call back with tracking number");
  follow_up->due = unix_at ("Africa/Lagos", 2026, 12, 1, 10, 0);
  follow_up->time_zone = g_strdup ("Africa/Lagos");
  follow_up->priority = 1;
  g_assert_true (rapport_store_add_follow_up (fixture->store, follow_up, &error));
  g_assert_no_error (error);

  loaded = rapport_store_get_follow_up (fixture->store, follow_up->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->title, ==, "Call back with tracking number");
  g_assert_cmpstr (loaded->customer_name, ==, "Amara Okafor");
  g_assert_cmpint (loaded->due, ==, follow_up->due);
  g_assert_cmpint (loaded->state, ==, RAPPORT_FOLLOW_UP_OPEN);

  customer = rapport_store_get_customer (fixture->store, id, &error);
  g_assert_cmpint (customer->next_follow_up, ==, follow_up->due);

  before = dump_database (fixture->path);
  loaded->time_zone = (g_free (loaded->time_zone), g_strdup ("Lagos"));
  g_assert_false (rapport_store_update_follow_up (fixture->store, loaded, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "time zone"));
  g_assert_nonnull (strstr (error->message, "Call back"));
  g_clear_error (&error);
  loaded->time_zone = (g_free (loaded->time_zone), g_strdup ("Africa/Lagos"));
  loaded->rrule = g_strdup ("FREQ=SOMETIMES");
  g_assert_false (rapport_store_update_follow_up (fixture->store, loaded, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "recurrence"));
  g_clear_error (&error);
  g_clear_pointer (&loaded->rrule, g_free);
  loaded->priority = 12;
  g_assert_false (rapport_store_update_follow_up (fixture->store, loaded, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "priority"));
  g_clear_error (&error);
  loaded->priority = 1;
  loaded->due = 0;
  g_assert_false (rapport_store_update_follow_up (fixture->store, loaded, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "due"));
  g_clear_error (&error);
  after = dump_database (fixture->path);
  g_assert_cmpstr (before, ==, after);

  g_assert_true (rapport_store_snooze_follow_up (fixture->store, follow_up->id, follow_up->due + 3600, &error));
  g_assert_no_error (error);
  g_clear_pointer (&customer, rapport_customer_free);
  customer = rapport_store_get_customer (fixture->store, id, &error);
  g_assert_cmpint (customer->next_follow_up, ==, follow_up->due + 3600);

  g_assert_true (rapport_store_complete_follow_up (fixture->store, follow_up->id, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (rapport_store_complete_follow_up (fixture->store, follow_up->id, NULL, NULL, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_CONFLICT);
  g_clear_error (&error);
  g_clear_pointer (&customer, rapport_customer_free);
  customer = rapport_store_get_customer (fixture->store, id, &error);
  g_assert_cmpint (customer->next_follow_up, ==, 0);

  g_assert_true (rapport_store_delete_follow_up (fixture->store, follow_up->id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&loaded, rapport_follow_up_free);
  loaded = rapport_store_get_follow_up (fixture->store, follow_up->id, &error);
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND);
}

static void
test_contract_crud (StoreFixture  *fixture,
                    gconstpointer  data)
{
  g_autoptr(RapportContract) contract = rapport_contract_new ();
  g_autoptr(RapportContract) loaded = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  char notice_date[11];
  gint64 id = add_person (fixture->store, "Amara Okafor", NULL);

  contract->customer_id = id;
  contract->product = g_strdup ("Support plan");
  contract->start_date = g_strdup ("2026-01-01");
  contract->end_date = g_strdup ("2027-01-31");
  contract->value = 120000;
  contract->currency = g_strdup ("eur");
  contract->lead_days = 30;
  g_assert_true (rapport_store_add_contract (fixture->store, contract, &error));
  g_assert_no_error (error);

  loaded = rapport_store_get_contract (fixture->store, contract->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->currency, ==, "EUR");
  g_assert_cmpint (loaded->value, ==, 120000);
  rapport_contract_get_notice_date (loaded, notice_date);
  g_assert_cmpstr (notice_date, ==, "2027-01-01");

  due = rapport_store_list_renewals_due (fixture->store, "2026-12-31", &error);
  g_assert_cmpuint (due->len, ==, 0);
  g_clear_pointer (&due, g_ptr_array_unref);
  due = rapport_store_list_renewals_due (fixture->store, "2027-01-01", &error);
  g_assert_cmpuint (due->len, ==, 1);
  g_clear_pointer (&due, g_ptr_array_unref);

  before = dump_database (fixture->path);
  loaded->end_date = (g_free (loaded->end_date), g_strdup ("2025-12-31"));
  g_assert_false (rapport_store_update_contract (fixture->store, loaded, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "end"));
  g_assert_nonnull (strstr (error->message, "Support plan"));
  g_clear_error (&error);
  loaded->end_date = (g_free (loaded->end_date), g_strdup ("2027-01-31"));
  loaded->currency = (g_free (loaded->currency), g_strdup ("EURO"));
  g_assert_false (rapport_store_update_contract (fixture->store, loaded, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "currency"));
  g_clear_error (&error);
  loaded->currency = (g_free (loaded->currency), g_strdup ("EUR"));
  loaded->lead_days = -1;
  g_assert_false (rapport_store_update_contract (fixture->store, loaded, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_clear_error (&error);
  after = dump_database (fixture->path);
  g_assert_cmpstr (before, ==, after);

  loaded->lead_days = 60;
  loaded->state = RAPPORT_CONTRACT_RENEWED;
  g_assert_true (rapport_store_update_contract (fixture->store, loaded, &error));
  g_assert_no_error (error);
  due = rapport_store_list_renewals_due (fixture->store, "2027-01-31", &error);
  g_assert_cmpuint (due->len, ==, 0);

  {
    g_autoptr(RapportNotice) notice = rapport_notice_new ();
    g_autoptr(GPtrArray) notices = NULL;

    notice->contract_id = contract->id;
    notice->due_date = g_strdup ("2027-01-01");
    notice->language = g_strdup ("en-ng");
    notice->subject = g_strdup ("Your support plan");
    g_assert_true (rapport_store_add_notice (fixture->store, notice, &error));
    g_assert_no_error (error);
    notice->state = RAPPORT_NOTICE_SENT;
    notice->sent_at = unix_at ("UTC", 2027, 1, 2, 9, 0);
    g_assert_true (rapport_store_update_notice (fixture->store, notice, &error));
    g_assert_no_error (error);
    notices = rapport_store_list_notices (fixture->store, contract->id, &error);
    g_assert_cmpuint (notices->len, ==, 1);
    g_assert_cmpstr (((RapportNotice *) g_ptr_array_index (notices, 0))->language, ==, "en-NG");
    g_assert_cmpint (((RapportNotice *) g_ptr_array_index (notices, 0))->state, ==, RAPPORT_NOTICE_SENT);
  }

  g_assert_true (rapport_store_delete_contract (fixture->store, contract->id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&loaded, rapport_contract_free);
  loaded = rapport_store_get_contract (fixture->store, contract->id, &error);
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND);
}

static void
test_case_feedback_targets (StoreFixture  *fixture,
                            gconstpointer  data)
{
  g_autoptr(RapportCase) kase = rapport_case_new ();
  g_autoptr(RapportCase) loaded = NULL;
  g_autoptr(RapportFeedback) feedback = rapport_feedback_new ();
  g_autoptr(RapportServiceTarget) target = rapport_service_target_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = add_person (fixture->store, "Amara Okafor", NULL);

  kase->customer_id = id;
  kase->category = RAPPORT_CASE_CATEGORY_DELIVERY;
  kase->summary = g_strdup ("Parcel 4411 missing");
  kase->severity = RAPPORT_SEVERITY_HIGH;
  g_assert_true (rapport_store_add_case (fixture->store, kase, &error));
  g_assert_no_error (error);

  list = rapport_store_list_cases (fixture->store, 0, TRUE, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);

  loaded = rapport_store_get_case (fixture->store, kase->id, &error);
  loaded->state = RAPPORT_CASE_ESCALATED;
  g_assert_false (rapport_store_update_case (fixture->store, loaded, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "escalated to"));
  g_clear_error (&error);
  loaded->escalated_to = g_strdup ("Operations manager");
  loaded->escalation_channel = RAPPORT_CHANNEL_EMAIL;
  g_assert_true (rapport_store_update_case (fixture->store, loaded, &error));
  g_assert_no_error (error);

  loaded->state = RAPPORT_CASE_RESOLVED;
  loaded->resolution = RAPPORT_RESOLUTION_REPLACEMENT;
  g_assert_true (rapport_store_update_case (fixture->store, loaded, &error));
  g_assert_cmpint (loaded->resolved_at, >=, loaded->opened_at);
  list = rapport_store_list_cases (fixture->store, id, TRUE, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  feedback->customer_id = id;
  feedback->case_id = kase->id;
  feedback->csat = 6;
  g_assert_false (rapport_store_add_feedback (fixture->store, feedback, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "CSAT"));
  g_clear_error (&error);
  feedback->csat = 4;
  feedback->nps = 9;
  feedback->themes = g_strdup ("delivery,packaging");
  g_assert_true (rapport_store_add_feedback (fixture->store, feedback, &error));
  g_assert_no_error (error);
  list = rapport_store_list_feedback (fixture->store, id, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((RapportFeedback *) g_ptr_array_index (list, 0))->nps, ==, 9);
  g_assert_cmpint (((RapportFeedback *) g_ptr_array_index (list, 0))->ces, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  target->type_key = g_strdup ("vip");
  target->response_seconds = 4 * 3600;
  g_assert_true (rapport_store_set_service_target (fixture->store, target, &error));
  g_assert_no_error (error);
  target->response_seconds = 2 * 3600;
  g_assert_true (rapport_store_set_service_target (fixture->store, target, &error));
  list = rapport_store_list_service_targets (fixture->store, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((RapportServiceTarget *) g_ptr_array_index (list, 0))->response_seconds, ==, 7200);
  g_clear_pointer (&list, g_ptr_array_unref);
  {
    g_autoptr(RapportServiceTarget) bad = rapport_service_target_new ();

    bad->type_key = g_strdup ("nobody");
    bad->response_seconds = 60;
    g_assert_false (rapport_store_set_service_target (fixture->store, bad, &error));
    g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
    g_clear_error (&error);
  }

  g_assert_true (rapport_store_delete_feedback (fixture->store, feedback->id, &error));
  g_assert_true (rapport_store_delete_case (fixture->store, kase->id, &error));
  g_assert_no_error (error);
  g_assert_true (rapport_store_delete_service_target (fixture->store, target->id, &error));
  g_assert_no_error (error);
}

static void
test_settings (StoreFixture  *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  g_assert_null (rapport_store_dup_setting (fixture->store, "business-name"));
  g_assert_true (rapport_store_set_setting (fixture->store, "business-name", "Okafor & Daughters", &error));
  g_assert_no_error (error);
  value = rapport_store_dup_setting (fixture->store, "business-name");
  g_assert_cmpstr (value, ==, "Okafor & Daughters");
  g_assert_true (rapport_store_set_setting (fixture->store, "business-name", NULL, &error));
  g_assert_null (rapport_store_dup_setting (fixture->store, "business-name"));

  /* The notice period for new contracts belongs to the data. */
  g_assert_cmpint (rapport_store_get_default_lead_days (fixture->store), ==, 30);
  g_assert_true (rapport_store_set_setting (fixture->store, "default-lead-days", "45", &error));
  g_assert_cmpint (rapport_store_get_default_lead_days (fixture->store), ==, 45);
  g_assert_true (rapport_store_set_setting (fixture->store, "default-lead-days", "forty", &error));
  g_assert_cmpint (rapport_store_get_default_lead_days (fixture->store), ==, 30);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RapportImportReport **report = user_data;
  g_autoptr(GError) error = NULL;

  *report = rapport_store_import_csv_finish (RAPPORT_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
test_import_async (StoreFixture  *fixture,
                   gconstpointer  data)
{
  g_autoptr(RapportImportReport) report = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *csv_path = g_build_filename (fixture->dir, "in.csv", NULL);
  g_autofree char *expected = NULL;

  g_file_set_contents (csv_path, "name,email\nAda Obi,ada@example.com\nBen Ali,ben@example.com\n", -1, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (csv_path);

  g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), log);
  rapport_store_import_csv_async (fixture->store, file, RAPPORT_IMPORT_DEFAULT, NULL, import_done_cb, &report);
  while (report == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (report->imported, ==, 2);
  expected = g_strdup_printf ("%u:%u:0;", RAPPORT_ENTITY_ALL, RAPPORT_CHANGE_ADDED);
  g_assert_cmpstr (log->str, ==, expected);

  /* Our own connection sees what the worker's wrote. */
  ids = rapport_store_list_customer_ids (fixture->store, NULL, &error);
  g_assert_cmpuint (ids->len, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)

  ADD ("/store/customer/round-trips-every-field", test_customer_round_trip);
  ADD ("/store/customer/phone-kept-as-typed-with-e164", test_customer_phone_kept_as_typed);
  ADD ("/store/customer/phone-from-outside-kept-as-received", test_customer_phone_received_as_is);
  ADD ("/store/customer/outside-values-kept-through-edits", test_customer_outside_values_kept);
  ADD ("/store/customer/update-and-find-by-id-uid-email-name", test_customer_update_and_find);
  ADD ("/store/customer/delete-restore-and-erase", test_customer_delete_restore_purge);
  ADD ("/store/customer/organization-and-its-people", test_organization_members);
  ADD ("/store/customer/new-and-returning-are-derived", test_derived_types);
  ADD ("/store/customer-type/built-in-and-user-defined", test_customer_types);
  ADD ("/store/changed/follows-commits-only", test_changed_signal);
  ADD ("/store/interaction/crud-and-validation", test_interaction_crud);
  ADD ("/store/follow-up/crud-and-validation", test_follow_up_crud);
  ADD ("/store/contract/crud-renewals-and-notices", test_contract_crud);
  ADD ("/store/case/cases-feedback-and-service-targets", test_case_feedback_targets);
  ADD ("/store/settings/round-trip", test_settings);
  ADD ("/store/import/async-uses-a-worker-connection", test_import_async);

  for (guint i = 0; i < G_N_ELEMENTS (bad_customers); i++)
    g_test_add (bad_customers[i].path, StoreFixture, &bad_customers[i],
                store_fixture_set_up, test_customer_rejects, store_fixture_tear_down);

#undef ADD

  return g_test_run ();
}
