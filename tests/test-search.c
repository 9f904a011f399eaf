/* test-search.c
 *
 * Search finds customers by name, email, phone, organization, notes and
 * history text, with case and accents folded; filters and sorting.
 */

#include "config.h"

#include <glib.h>

#include "test-util.h"

typedef struct
{
  StoreFixture base;
  gint64       muller;
  gint64       okafor;
  gint64       kigali;
  gint64       uwase;
  gint64       dubois;
} SearchFixture;

static void
search_set_up (SearchFixture *fixture,
               gconstpointer  data)
{
  g_autoptr(RapportCustomer) muller = make_person ("Jürgen Müller", "j.mueller@example.de");
  g_autoptr(RapportCustomer) okafor = make_person ("Amara Okafor", "amara@example.com");
  g_autoptr(RapportCustomer) kigali = rapport_customer_new (RAPPORT_CUSTOMER_KIND_ORGANIZATION);
  g_autoptr(RapportCustomer) uwase = make_person ("Grace Uwase", "grace@kigalicoffee.rw");
  g_autoptr(RapportCustomer) dubois = make_person ("Éloïse Dubois", NULL);
  g_autoptr(RapportInteraction) interaction = rapport_interaction_new ();
  g_autoptr(GError) error = NULL;
  RapportStore *store;

  store_fixture_set_up (&fixture->base, data);
  store = fixture->base.store;

  rapport_customer_add_type (muller, "vip");
  muller->notes = g_strdup ("Prefers invoices by post");
  g_assert_true (rapport_store_add_customer (store, muller, &error));
  rapport_customer_add_phone (okafor, "+234 801 234 5678", "mobile", TRUE);
  g_assert_true (rapport_store_add_customer (store, okafor, &error));
  kigali->display_name = g_strdup ("Kigali Coffee Ltd");
  rapport_customer_add_type (kigali, "b2b");
  g_assert_true (rapport_store_add_customer (store, kigali, &error));
  uwase->organization_id = kigali->id;
  g_assert_true (rapport_store_add_customer (store, uwase, &error));
  dubois->cultural_notes = g_strdup ("Vouvoiement, toujours");
  g_assert_true (rapport_store_add_customer (store, dubois, &error));
  g_assert_no_error (error);

  interaction->customer_id = okafor->id;
  interaction->subject = g_strdup ("Late delivery");
  interaction->body = g_strdup ("Parcel stuck at the Ikeja depot");
  interaction->action_promised = g_strdup ("Call back with tracking number");
  interaction->when = unix_at ("UTC", 2026, 11, 20, 13, 30);
  g_assert_true (rapport_store_add_interaction (store, interaction, &error));
  g_assert_no_error (error);

  fixture->muller = muller->id;
  fixture->okafor = okafor->id;
  fixture->kigali = kigali->id;
  fixture->uwase = uwase->id;
  fixture->dubois = dubois->id;
}

static void
search_tear_down (SearchFixture *fixture,
                  gconstpointer  data)
{
  store_fixture_tear_down (&fixture->base, data);
}

static GArray *
search (SearchFixture *fixture,
        const char    *text)
{
  RapportCustomerQuery query = { .search = text };
  g_autoptr(GError) error = NULL;
  GArray *ids;

  ids = rapport_store_list_customer_ids (fixture->base.store, &query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ids);

  return ids;
}

static void
assert_finds (SearchFixture *fixture,
              const char    *text,
              gint64         expected)
{
  g_autoptr(GArray) ids = search (fixture, text);

  if (ids->len != 1 || g_array_index (ids, gint64, 0) != expected)
    g_error ("search “%s”: expected only customer %" G_GINT64_FORMAT ", found %u",
             text, expected, ids->len);
}

static void
test_finds_each_field (SearchFixture *fixture,
                       gconstpointer  data)
{
  assert_finds (fixture, "muller", fixture->muller);
  assert_finds (fixture, "MÜLLER", fixture->muller);
  assert_finds (fixture, "jürg", fixture->muller);
  assert_finds (fixture, "eloise", fixture->dubois);
  assert_finds (fixture, "vouvoiement", fixture->dubois);
  assert_finds (fixture, "amara@example.com", fixture->okafor);
  assert_finds (fixture, "j.mueller", fixture->muller);
  assert_finds (fixture, "+2348012345678", fixture->okafor);
  assert_finds (fixture, "2348012", fixture->okafor);
  assert_finds (fixture, "invoices post", fixture->muller);
  /* A whole address is matched as written, a partial one as a prefix. */
  assert_finds (fixture, "amara@exa", fixture->okafor);
  /* History text finds the customer it belongs to. */
  assert_finds (fixture, "ikeja", fixture->okafor);
  assert_finds (fixture, "tracking number", fixture->okafor);
}

static void
test_history_matches_whole_words (SearchFixture *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GArray) partial = search (fixture, "ikej");

  /* Names match as you type; history only by whole words, which keeps a
   * million interactions fast to search. */
  g_assert_cmpuint (partial->len, ==, 0);
}

static void
test_organization_finds_its_people (SearchFixture *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GArray) ids = search (fixture, "kigali coffee");

  g_assert_cmpuint (ids->len, ==, 2);
  /* The organization's own name ranks first. */
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->kigali);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, fixture->uwase);
}

static void
test_odd_input_is_harmless (SearchFixture *fixture,
                            gconstpointer  data)
{
  static const char *inputs[] = {
    "\"", "\"\"", "*", "-", "NEAR(", "a AND", "OR", "(", ")", "^", "müller\"", "'; DROP TABLE customer; --",
    "col:value", "   ", "+", "🙂",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GArray) ids = search (fixture, inputs[i]);

      g_assert_cmpuint (ids->len, <=, 5);
    }

  {
    g_autoptr(GArray) all = rapport_store_list_customer_ids (fixture->base.store, NULL, NULL);

    g_assert_cmpuint (all->len, ==, 5);
  }
}

static void
test_one_letter_lists_names_beginning_with_it (SearchFixture *fixture,
                                               gconstpointer  data)
{
  g_autoptr(GArray) j = search (fixture, "j");
  g_autoptr(GArray) e = search (fixture, "É");
  g_autoptr(GArray) k = search (fixture, " k ");

  /* Jürgen Müller: names beginning with the letter, not every word that
   * does. */
  g_assert_cmpuint (j->len, ==, 1);
  g_assert_cmpint (g_array_index (j, gint64, 0), ==, fixture->muller);
  /* Folded: "É" is "e", Éloïse. */
  g_assert_cmpuint (e->len, ==, 1);
  g_assert_cmpint (g_array_index (e, gint64, 0), ==, fixture->dubois);
  g_assert_cmpuint (k->len, ==, 1);
  g_assert_cmpint (g_array_index (k, gint64, 0), ==, fixture->kigali);
}

static gint64
add_with_phone (SearchFixture *fixture,
                const char    *name,
                const char    *country,
                const char    *phone)
{
  g_autoptr(RapportCustomer) customer = make_person (name, NULL);
  g_autoptr(GError) error = NULL;

  customer->country = g_strdup (country);
  rapport_customer_add_phone (customer, phone, "work", TRUE);
  g_assert_true (rapport_store_add_customer (fixture->base.store, customer, &error));
  g_assert_no_error (error);

  return customer->id;
}

/* A phone is found in any formatting: international, national with its
 * trunk prefix, the bare national number, and prefixes of each. */
static void
test_finds_phone_in_any_formatting (SearchFixture *fixture,
                                    gconstpointer  data)
{
  g_autofree char *saved = g_strdup (g_getenv ("LC_ALL"));
  gint64 becker = add_with_phone (fixture, "Klaus Becker", "DE", "+49 30 1234567");
  gint64 hughes = add_with_phone (fixture, "Oliver Hughes", "GB", "+44 (0)20 7946 0958");
  gint64 weber;

  /* No country: the user's region reads the number. */
  g_setenv ("LC_ALL", "de_DE.UTF-8", TRUE);
  weber = add_with_phone (fixture, "Anna Weber", NULL, "089 7654321");

  assert_finds (fixture, "+49 30 1234567", becker);
  assert_finds (fixture, "030 1234567", becker);
  assert_finds (fixture, "301234567", becker);
  assert_finds (fixture, "+4930", becker);
  assert_finds (fixture, "030 12", becker);
  assert_finds (fixture, "(030) 123-4567", becker);
  assert_finds (fixture, "+44 (0)20 7946 0958", hughes);
  assert_finds (fixture, "+44 20 7946 0958", hughes);
  assert_finds (fixture, "020 7946 0958", hughes);
  assert_finds (fixture, "+49 89 7654321", weber);
  assert_finds (fixture, "089 765", weber);

  if (saved != NULL)
    g_setenv ("LC_ALL", saved, TRUE);
  else
    g_unsetenv ("LC_ALL");
}

static void
test_no_match (SearchFixture *fixture,
               gconstpointer  data)
{
  g_autoptr(GArray) ids = search (fixture, "zanzibar");

  g_assert_cmpuint (ids->len, ==, 0);
}

static void
test_filters_and_paging (SearchFixture *fixture,
                         gconstpointer  data)
{
  RapportCustomerQuery query = { .type_key = "vip" };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GError) error = NULL;

  ids = rapport_store_list_customer_ids (fixture->base.store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->muller);
  g_clear_pointer (&ids, g_array_unref);

  query.type_key = "vip";
  query.search = "amara";
  ids = rapport_store_list_customer_ids (fixture->base.store, &query, &error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);

  query.type_key = "no-such-type";
  query.search = NULL;
  ids = rapport_store_list_customer_ids (fixture->base.store, &query, &error);
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_null (ids);
  g_clear_error (&error);

  /* By name, folded: Amara, Éloïse, Grace, Jürgen, Kigali. */
  query.type_key = NULL;
  query.sort = RAPPORT_SORT_NAME;
  query.offset = 1;
  query.limit = 2;
  customers = rapport_store_list_customers (fixture->base.store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (customers->len, ==, 2);
  g_assert_cmpstr (((RapportCustomer *) g_ptr_array_index (customers, 0))->display_name, ==, "Éloïse Dubois");
  g_assert_cmpstr (((RapportCustomer *) g_ptr_array_index (customers, 1))->display_name, ==, "Grace Uwase");
  g_clear_pointer (&customers, g_ptr_array_unref);

  /* By last contact: only Amara has history; she comes first. */
  query.sort = RAPPORT_SORT_LAST_CONTACT;
  query.offset = 0;
  query.limit = 0;
  ids = rapport_store_list_customer_ids (fixture->base.store, &query, &error);
  g_assert_cmpuint (ids->len, ==, 5);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->okafor);
  g_clear_pointer (&ids, g_array_unref);

  query.sort = RAPPORT_SORT_NAME;
  query.kind_set = TRUE;
  query.kind = RAPPORT_CUSTOMER_KIND_ORGANIZATION;
  ids = rapport_store_list_customer_ids (fixture->base.store, &query, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->kigali);
}

static void
test_next_follow_up_sort (SearchFixture *fixture,
                          gconstpointer  data)
{
  RapportCustomerQuery query = { .sort = RAPPORT_SORT_NEXT_FOLLOW_UP };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  gint64 customers[] = { fixture->dubois, fixture->uwase };

  for (guint i = 0; i < G_N_ELEMENTS (customers); i++)
    {
      g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();

      follow_up->customer_id = customers[i];
      follow_up->title = g_strdup ("Check in");
      follow_up->due = unix_at ("UTC", 2026, 12, 10 - i, 9, 0);
      g_assert_true (rapport_store_add_follow_up (fixture->base.store, follow_up, &error));
      g_assert_no_error (error);
    }

  ids = rapport_store_list_customer_ids (fixture->base.store, &query, &error);
  g_assert_cmpuint (ids->len, ==, 5);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->uwase);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, fixture->dubois);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, SearchFixture, NULL, search_set_up, func, search_tear_down)

  ADD ("/search/finds-by-every-field-with-case-and-accents-folded", test_finds_each_field);
  ADD ("/search/organization-finds-its-people", test_organization_finds_its_people);
  ADD ("/search/history-matches-whole-words", test_history_matches_whole_words);
  ADD ("/search/odd-input-is-harmless", test_odd_input_is_harmless);
  ADD ("/search/no-match-is-empty", test_no_match);
  ADD ("/search/finds-phone-in-any-formatting", test_finds_phone_in_any_formatting);
  ADD ("/search/one-letter-lists-names-beginning-with-it", test_one_letter_lists_names_beginning_with_it);
  ADD ("/search/filters-sorting-and-paging", test_filters_and_paging);
  ADD ("/search/sorts-by-next-follow-up", test_next_follow_up_sort);

#undef ADD

  return g_test_run ();
}
