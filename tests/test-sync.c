/* test-sync.c
 *
 * The two-way sync engine against a real Radicale on loopback: customers
 * both ways, edits and deletions on either side, merges and conflicts,
 * cards written by other clients, an invalid sync token, a server killed
 * in the middle, two replicas, and the cost of a sync with no changes.
 */

#define _GNU_SOURCE
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fault-proxy.h"
#include "radicale-fixture.h"
#include "rapport-dav.h"
#include "rapport-error.h"
#include "rapport-ical-records.h"
#include "rapport-store-private.h"
#include "rapport-store-notices.h"
#include "rapport-sync.h"
#include "rapport-vcard.h"

#define VCARD_TYPE "text/vcard; charset=utf-8"
#define BOOK_PATH  "/" RADICALE_USER "/customers/"

typedef struct
{
  RadicaleFixture  *server;
  RapportDavClient *client;
  RapportDavClient *proxied;  /* for replicas synced through a fault proxy */
  char             *dir;
  char             *book_url;
  RapportStore     *a;        /* the first replica */
  RapportStore     *b;        /* the second, opened by tests that want it */
} Fixture;

static RapportStore *
open_replica_at (Fixture    *fixture,
                 const char *name,
                 const char *book_url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autofree char *sql = NULL;
  RapportStore *store = rapport_store_open (path, &error);

  g_assert_no_error (error);
  sql = g_strdup_printf ("INSERT INTO sync_account (id, uid, name, url, username, created)"
                         " VALUES (1, 'acc-1', 'Radicale', '%s', '" RADICALE_USER "', 0);"
                         "INSERT INTO sync_collection (account_id, url, purpose)"
                         " VALUES (1, '%s', 'customers');",
                         book_url, book_url);
  g_assert_true (rapport_store_exec (store, sql, &error));
  g_assert_no_error (error);

  return store;
}

static RapportStore *
open_replica (Fixture    *fixture,
              const char *name)
{
  return open_replica_at (fixture, name, fixture->book_url);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavCollection) book = NULL;

  fixture->server = radicale_fixture_new (FALSE, &error);
  g_assert_no_error (error);
  fixture->client = rapport_dav_client_new (10);
  rapport_dav_client_set_credentials (fixture->client, RADICALE_USER, RADICALE_PASSWORD);
  rapport_dav_client_set_retry (fixture->client, 3, 20);
  fixture->book_url = radicale_fixture_url (fixture->server, BOOK_PATH);
  book = rapport_dav_client_create_collection_sync (fixture->client, fixture->book_url,
                                                    RAPPORT_DAV_COLLECTION_ADDRESSBOOK,
                                                    "Customers", 0, NULL, &error);
  g_assert_no_error (error);

  fixture->dir = g_dir_make_tmp ("rapport-sync-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->a = open_replica (fixture, "a.db");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->a);
  g_clear_object (&fixture->b);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->proxied);
  g_clear_pointer (&fixture->server, radicale_fixture_free);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->book_url, g_free);
}

static char *query_text (RapportStore *store, const char *sql);

/* The engine's client for @store. A client sends to one origin only, so
 * a replica whose account is behind a fault proxy has one of its own. */
static RapportDavClient *
client_for (Fixture      *fixture,
            RapportStore *store)
{
  g_autofree char *url = query_text (store, "SELECT url FROM sync_account WHERE id = 1");
  g_autofree char *radicale = radicale_fixture_url (fixture->server, "/");

  if (g_str_has_prefix (url, radicale))
    return fixture->client;

  if (fixture->proxied == NULL)
    {
      fixture->proxied = rapport_dav_client_new (10);
      rapport_dav_client_set_credentials (fixture->proxied, RADICALE_USER, RADICALE_PASSWORD);
      rapport_dav_client_set_retry (fixture->proxied, 3, 20);
    }
  rapport_dav_client_set_origin (fixture->proxied, url);

  return fixture->proxied;
}

static RapportSyncReport *
sync_ok (Fixture      *fixture,
         RapportStore *store)
{
  g_autoptr(GError) error = NULL;
  RapportSyncReport *report = rapport_sync_run (store, 1, client_for (fixture, store), NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_test_message ("%s (%u requests)", report->summary, report->requests);
  return report;
}

/* Syncs @store and checks that one more run finds nothing and costs one
 * request (one PROPFIND of the ctags for all its collections). */
static void
sync_settled (Fixture      *fixture,
              RapportStore *store)
{
  g_autoptr(RapportSyncReport) first = sync_ok (fixture, store);
  g_autoptr(RapportSyncReport) again = sync_ok (fixture, store);

  g_assert_cmpuint (again->pulled_new + again->pulled_changed + again->pulled_deleted, ==, 0);
  g_assert_cmpuint (again->pushed_new + again->pushed_changed + again->pushed_deleted, ==, 0);
  g_assert_cmpuint (again->requests, ==, 1);
}

static RapportCustomer *
add_person (RapportStore *store,
            const char   *given,
            const char   *family,
            const char   *email)
{
  g_autoptr(GError) error = NULL;
  RapportCustomer *customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);

  customer->given_name = g_strdup (given);
  customer->family_name = g_strdup (family);
  customer->display_name = g_strdup_printf ("%s %s", given, family);
  if (email != NULL)
    rapport_customer_add_email (customer, email, "work", TRUE);
  g_assert_true (rapport_store_add_customer (store, customer, &error));
  g_assert_no_error (error);

  return customer;
}

static RapportCustomer *
find (RapportStore *store,
      const char   *uid)
{
  g_autoptr(GError) error = NULL;
  RapportCustomer *customer = rapport_store_find_customer (store, uid, &error);

  if (customer == NULL)
    g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND);
  return customer;
}

static void
update (RapportStore    *store,
        RapportCustomer *customer)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_update_customer (store, customer, &error));
  g_assert_no_error (error);
}

static char *
card3 (const char *uid,
       const char *name,
       const char *extra)
{
  return g_strdup_printf ("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:%s\r\nFN:%s\r\nN:%s;;;;\r\n%sEND:VCARD\r\n",
                          uid, name, name, extra != NULL ? extra : "");
}

static char *
card4 (const char *uid,
       const char *name,
       const char *extra)
{
  return g_strdup_printf ("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:%s\r\nKIND:individual\r\nFN:%s\r\n%sEND:VCARD\r\n",
                          uid, name, extra != NULL ? extra : "");
}

static void
server_put (Fixture    *fixture,
            const char *uid,
            const char *card)
{
  g_autofree char *path = g_strconcat (BOOK_PATH, uid, ".vcf", NULL);
  guint status = radicale_fixture_curl (fixture->server, "PUT", path, VCARD_TYPE, card);

  g_assert_true (status == 201 || status == 204);
}

static void
server_delete (Fixture    *fixture,
               const char *uid)
{
  g_autofree char *path = g_strconcat (BOOK_PATH, uid, ".vcf", NULL);

  g_assert_cmpuint (radicale_fixture_curl (fixture->server, "DELETE", path, NULL, NULL), ==, 200);
}

/* Every card on the server by UID (urn:uuid: stripped). */
static GHashTable *
server_cards (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) hrefs = g_ptr_array_new ();
  g_autoptr(GPtrArray) resources = NULL;
  g_autoptr(RapportDavCollection) book = rapport_dav_collection_new (fixture->book_url,
                                                                     RAPPORT_DAV_COLLECTION_ADDRESSBOOK);
  GHashTable *cards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  items = rapport_dav_client_list_etags_sync (fixture->client, fixture->book_url, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (hrefs, ((RapportDavItem *) g_ptr_array_index (items, i))->href);
  g_ptr_array_add (hrefs, NULL);

  if (items->len == 0)
    return cards;

  resources = rapport_dav_client_multiget_sync (fixture->client, book, (const char * const *) hrefs->pdata,
                                                0, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < resources->len; i++)
    {
      RapportDavResource *resource = g_ptr_array_index (resources, i);
      g_autoptr(RapportVCard) card = NULL;
      g_autofree char *uid = NULL;

      g_assert_cmpuint (resource->status, ==, 200);
      card = rapport_vcard_new_from_string (resource->data, -1, &error);
      g_assert_no_error (error);
      uid = rapport_vcard_dup_text (card, "UID");
      g_assert_nonnull (uid);
      if (g_str_has_prefix (uid, "urn:uuid:"))
        memmove (uid, uid + 9, strlen (uid + 9) + 1);
      g_assert_false (g_hash_table_contains (cards, uid));
      g_hash_table_insert (cards, g_steal_pointer (&uid), g_strdup (resource->data));
    }

  return cards;
}

static char *
server_field (GHashTable *cards,
              const char *uid,
              const char *name)
{
  const char *data = g_hash_table_lookup (cards, uid);
  g_autoptr(RapportVCard) card = NULL;

  g_assert_nonnull (data);
  card = rapport_vcard_new_from_string (data, -1, NULL);
  g_assert_nonnull (card);
  return rapport_vcard_dup_text (card, name);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* "uid=display name|notes" for every customer not in the trash, sorted. */
static char *
local_state (RapportStore *store)
{
  RapportCustomerQuery query = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) customers = rapport_store_list_customers (store, &query, &error);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < customers->len; i++)
    {
      RapportCustomer *c = g_ptr_array_index (customers, i);

      g_ptr_array_add (lines, g_strdup_printf ("%s=%s|%s", c->uid, c->display_name, c->notes ? c->notes : ""));
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (lines, i));

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The same for the server's cards. */
static char *
server_state (Fixture *fixture)
{
  g_autoptr(GHashTable) cards = server_cards (fixture);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, cards);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *fn = server_field (cards, key, "FN");
      g_autofree char *note = server_field (cards, key, "NOTE");

      g_ptr_array_add (lines, g_strdup_printf ("%s=%s|%s", (char *) key, fn, note ? note : ""));
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (lines, i));

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gint64
query_int (RapportStore *store,
           const char   *sql)
{
  sqlite3_stmt *stmt = rapport_store_prepare (store, sql, NULL);
  gint64 value = -1;

  g_assert_nonnull (stmt);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static char *
query_text (RapportStore *store,
            const char   *sql)
{
  sqlite3_stmt *stmt = rapport_store_prepare (store, sql, NULL);
  char *value = NULL;

  g_assert_nonnull (stmt);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = rapport_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

/* Tests */

static void
test_first_sync_both_ways (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RapportCustomer) ada = add_person (fixture->a, "Ada", "Okafor", "ada@example.com");
  g_autoptr(RapportCustomer) ben = add_person (fixture->a, "Ben", "Schmidt", NULL);
  g_autofree char *three = card3 ("c3000000-0000-4000-8000-000000000003", "Chidi Eze",
                                  "EMAIL;TYPE=INTERNET,WORK:chidi@example.com\r\nTEL;TYPE=CELL:+2348011111111\r\n");
  g_autofree char *four = card4 ("d4000000-0000-4000-8000-000000000004", "Dana Weiss",
                                 "N:Weiss;Dana;;;\r\nLANG;PREF=1:de-DE\r\nNOTE:Prefers German\r\n");
  g_autoptr(RapportSyncReport) report = NULL;
  g_autoptr(GHashTable) cards = NULL;
  g_autoptr(RapportCustomer) chidi = NULL;
  g_autoptr(RapportCustomer) dana = NULL;
  g_autofree char *email = NULL;
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;

  server_put (fixture, "c3000000-0000-4000-8000-000000000003", three);
  server_put (fixture, "d4000000-0000-4000-8000-000000000004", four);

  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pulled_new, ==, 2);
  g_assert_cmpuint (report->pushed_new, ==, 2);
  g_assert_cmpuint (report->conflicts, ==, 0);
  g_assert_cmpuint (report->quarantined, ==, 0);
  g_assert_true (strstr (report->summary, "2 received") != NULL);
  g_assert_true (strstr (report->summary, "2 sent") != NULL);

  /* The server's cards are customers here, 3.0 and 4.0 alike. */
  chidi = find (fixture->a, "c3000000-0000-4000-8000-000000000003");
  g_assert_nonnull (chidi);
  g_assert_cmpstr (chidi->display_name, ==, "Chidi Eze");
  g_assert_cmpstr (rapport_customer_get_email (chidi), ==, "chidi@example.com");
  dana = find (fixture->a, "d4000000-0000-4000-8000-000000000004");
  g_assert_nonnull (dana);
  g_assert_cmpstr (dana->language, ==, "de-DE");
  g_assert_cmpstr (dana->notes, ==, "Prefers German");

  /* The local customers are on the server, named <uid>.vcf. */
  cards = server_cards (fixture);
  g_assert_cmpuint (g_hash_table_size (cards), ==, 4);
  email = server_field (cards, ada->uid, "EMAIL");
  g_assert_cmpstr (email, ==, "ada@example.com");
  g_assert_cmpint (query_int (fixture->a, "SELECT count(*) FROM sync_item WHERE href LIKE '%.vcf' AND dirty = 0"), ==, 4);

  local = local_state (fixture->a);
  remote = server_state (fixture);
  g_assert_cmpstr (local, ==, remote);

  sync_settled (fixture, fixture->a);
  {
    g_autoptr(RapportCustomer) still = find (fixture->a, ben->uid);

    g_assert_nonnull (still);
  }
}

static void
test_no_change_resync_is_one_request (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(RapportCustomer) ada = add_person (fixture->a, "Ada", "Okafor", NULL);
  g_autoptr(RapportSyncReport) first = sync_ok (fixture, fixture->a);
  g_autoptr(RapportSyncReport) second = sync_ok (fixture, fixture->a);
  g_autoptr(RapportSyncReport) third = sync_ok (fixture, fixture->a);
  g_autofree char *last_result = NULL;

  g_assert_cmpuint (first->pushed_new, ==, 1);
  g_assert_cmpuint (second->requests, ==, 1);
  g_assert_cmpuint (third->requests, ==, 1);
  g_assert_cmpstr (third->summary, ==, "Synced: no changes");

  last_result = query_text (fixture->a, "SELECT last_result FROM sync_account WHERE id = 1");
  g_assert_cmpstr (last_result, ==, "Synced: no changes");
  g_assert_cmpint (query_int (fixture->a, "SELECT last_sync > 0 FROM sync_account WHERE id = 1"), ==, 1);
}

static void
test_edits_both_ways (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RapportCustomer) ada = add_person (fixture->a, "Ada", "Okafor", "ada@example.com");
  g_autofree char *three = card3 ("c3000000-0000-4000-8000-000000000003", "Chidi Eze", NULL);
  g_autofree char *changed = card3 ("c3000000-0000-4000-8000-000000000003", "Chidi Eze-Obi",
                                    "TITLE:Buyer\r\n");
  g_autoptr(RapportSyncReport) report = NULL;
  g_autoptr(RapportCustomer) chidi = NULL;
  g_autoptr(GHashTable) cards = NULL;
  g_autofree char *note = NULL;

  server_put (fixture, "c3000000-0000-4000-8000-000000000003", three);
  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->a);

  /* On the server, with curl; here, through the store. */
  server_put (fixture, "c3000000-0000-4000-8000-000000000003", changed);
  g_free (ada->notes);
  ada->notes = g_strdup ("Call after 10");
  update (fixture->a, ada);

  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pulled_changed, ==, 1);
  g_assert_cmpuint (report->pushed_changed, ==, 1);

  chidi = find (fixture->a, "c3000000-0000-4000-8000-000000000003");
  g_assert_cmpstr (chidi->display_name, ==, "Chidi Eze-Obi");
  g_assert_cmpstr (chidi->job_title, ==, "Buyer");
  cards = server_cards (fixture);
  note = server_field (cards, ada->uid, "NOTE");
  g_assert_cmpstr (note, ==, "Call after 10");

  /* Writing what the server sent is not a local edit. */
  sync_settled (fixture, fixture->a);
}

/* Syncs a customer, then edits it on the server (through its stored card)
 * and here. */
static char *
server_card_with (Fixture    *fixture,
                  const char *uid,
                  const char *name,
                  const char *value)
{
  g_autoptr(GHashTable) cards = server_cards (fixture);
  g_autoptr(RapportVCard) card = rapport_vcard_new_from_string (g_hash_table_lookup (cards, uid), -1, NULL);

  g_assert_nonnull (card);
  rapport_vcard_remove_all (card, name);
  rapport_vcard_add_text (card, name, value);
  return rapport_vcard_to_string (card);
}

static void
test_merge_different_fields (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(RapportCustomer) ada = add_person (fixture->a, "Ada", "Okafor", "ada@example.com");
  g_autoptr(RapportSyncReport) report = sync_ok (fixture, fixture->a);
  g_autoptr(RapportCustomer) merged = NULL;
  g_autoptr(GHashTable) cards = NULL;
  g_autofree char *edited = server_card_with (fixture, ada->uid, "NOTE", "Server note");
  g_autofree char *title = NULL;
  g_autofree char *note = NULL;

  server_put (fixture, ada->uid, edited);
  g_free (ada->job_title);
  ada->job_title = g_strdup ("Head of purchasing");
  update (fixture->a, ada);

  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->merged, ==, 1);
  g_assert_cmpuint (report->conflicts, ==, 0);

  merged = find (fixture->a, ada->uid);
  g_assert_cmpstr (merged->notes, ==, "Server note");
  g_assert_cmpstr (merged->job_title, ==, "Head of purchasing");
  cards = server_cards (fixture);
  note = server_field (cards, ada->uid, "NOTE");
  title = server_field (cards, ada->uid, "TITLE");
  g_assert_cmpstr (note, ==, "Server note");
  g_assert_cmpstr (title, ==, "Head of purchasing");
  g_assert_cmpint (query_int (fixture->a, "SELECT count(*) FROM sync_conflict"), ==, 0);

  sync_settled (fixture, fixture->a);
}

/* Both sides change a phone to the same new number, each writing it its
 * own way: not a conflict (a number is compared by its E.164 form). */
static void
test_same_number_written_two_ways (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(RapportCustomer) ada = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autoptr(RapportSyncReport) report = NULL;
  g_autoptr(RapportSyncReport) merged = NULL;
  g_autoptr(RapportCustomer) after = NULL;
  g_autoptr(GHashTable) cards = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *note = NULL;
  GString *text;

  ada->given_name = g_strdup ("Ada");
  ada->family_name = g_strdup ("Okafor");
  ada->display_name = g_strdup ("Ada Okafor");
  rapport_customer_add_phone (ada, "+49 151 2345678", "mobile", TRUE);
  g_assert_true (rapport_store_add_customer (fixture->a, ada, &error));
  g_assert_no_error (error);
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pushed_new, ==, 1);

  /* There: the new number with spaces, and a note. */
  cards = server_cards (fixture);
  text = g_string_new (g_hash_table_lookup (cards, ada->uid));
  g_assert_cmpuint (g_string_replace (text, "+49 151 2345678", "+49 151 9999999", 0), ==, 1);
  g_string_replace (text, "END:VCARD", "NOTE:Server note\r\nEND:VCARD", 1);
  edited = g_string_free (text, FALSE);
  server_put (fixture, ada->uid, edited);

  /* Here: the same new number, as this database writes it. */
  g_clear_pointer (&ada->phones, g_ptr_array_unref);
  ada->phones = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_contact_point_free);
  rapport_customer_add_phone (ada, "+49-151-9999999", "mobile", TRUE);
  update (fixture->a, ada);

  merged = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (merged->conflicts, ==, 0);
  g_assert_cmpint (query_int (fixture->a, "SELECT count(*) FROM sync_conflict"), ==, 0);
  after = find (fixture->a, ada->uid);
  g_assert_cmpstr (after->notes, ==, "Server note");
  /* Each side keeps the number as it was typed there. */
  g_assert_cmpstr (((RapportContactPoint *) g_ptr_array_index (after->phones, 0))->value, ==, "+49-151-9999999");
  g_clear_pointer (&cards, g_hash_table_unref);
  cards = server_cards (fixture);
  note = server_field (cards, ada->uid, "NOTE");
  g_assert_cmpstr (note, ==, "Server note");
  sync_settled (fixture, fixture->a);
}

/* A phone goes to the server as typed and comes back as the server has
 * it; one this database would refuse from the user is kept, not set
 * aside; a change elsewhere in the card writes them back unchanged. */
static void
test_phone_as_typed_and_as_received (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(RapportCustomer) hughes = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autoptr(RapportCustomer) received = NULL;
  g_autoptr(RapportSyncReport) report = NULL;
  g_autoptr(GHashTable) cards = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tel = NULL;
  g_autofree char *card = card3 ("d4000000-0000-4000-8000-00000000000d", "Chidi Eze",
                                 "TEL;TYPE=WORK:0803 123 4567\r\n"
                                 "TEL;TYPE=CELL:ask at the front desk\r\n");
  const char *stored;

  hughes->display_name = g_strdup ("Oliver Hughes");
  hughes->country = g_strdup ("GB");
  rapport_customer_add_phone (hughes, "+44 (0)20 7946 0958", "work", TRUE);
  g_assert_true (rapport_store_add_customer (fixture->a, hughes, &error));
  g_assert_no_error (error);
  server_put (fixture, "d4000000-0000-4000-8000-00000000000d", card);

  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pushed_new, ==, 1);
  g_assert_cmpuint (report->pulled_new, ==, 1);
  g_assert_cmpuint (report->quarantined, ==, 0);

  cards = server_cards (fixture);
  tel = server_field (cards, hughes->uid, "TEL");
  g_assert_cmpstr (tel, ==, "+44 (0)20 7946 0958");

  received = find (fixture->a, "d4000000-0000-4000-8000-00000000000d");
  g_assert_nonnull (received);
  g_assert_cmpuint (received->phones->len, ==, 2);
  g_assert_cmpstr (((RapportContactPoint *) g_ptr_array_index (received->phones, 0))->value, ==, "0803 123 4567");
  g_assert_cmpstr (((RapportContactPoint *) g_ptr_array_index (received->phones, 1))->value, ==,
                   "ask at the front desk");

  /* Edited here: the note changes, the numbers go back as they came. */
  received->notes = g_strdup ("Call after ten");
  g_assert_true (rapport_store_update_received_customer (fixture->a, received, &error));
  g_assert_no_error (error);
  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->quarantined, ==, 0);
  g_clear_pointer (&cards, g_hash_table_unref);
  cards = server_cards (fixture);
  stored = g_hash_table_lookup (cards, "d4000000-0000-4000-8000-00000000000d");
  g_assert_nonnull (strstr (stored, "\nTEL;TYPE=WORK:0803 123 4567\n"));
  g_assert_nonnull (strstr (stored, "\nTEL;TYPE=CELL:ask at the front desk\n"));
  g_assert_nonnull (strstr (stored, "\nNOTE:Call after ten\n"));
  sync_settled (fixture, fixture->a);
}

static void
test_conflict_server_wins_copy_kept (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(RapportCustomer) ada = add_person (fixture->a, "Ada", "Okafor", "ada@example.com");
  g_autoptr(RapportSyncReport) report = sync_ok (fixture, fixture->a);
  g_autoptr(RapportCustomer) after = NULL;
  g_autoptr(GHashTable) cards = NULL;
  g_autofree char *edited = server_card_with (fixture, ada->uid, "NOTE", "Server note");
  g_autofree char *note = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *copy = NULL;

  server_put (fixture, ada->uid, edited);
  g_free (ada->notes);
  ada->notes = g_strdup ("Local note");
  update (fixture->a, ada);

  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->conflicts, ==, 1);
  g_assert_true (strstr (report->summary, "1 conflict kept as a copy") != NULL);

  after = find (fixture->a, ada->uid);
  g_assert_cmpstr (after->notes, ==, "Server note");
  cards = server_cards (fixture);
  note = server_field (cards, ada->uid, "NOTE");
  g_assert_cmpstr (note, ==, "Server note");

  /* Nothing lost: the local version is a visible conflict copy. */
  g_assert_cmpint (query_int (fixture->a, "SELECT count(*) FROM sync_conflict WHERE resolved IS NULL"), ==, 1);
  fields = query_text (fixture->a, "SELECT fields FROM sync_conflict");
  g_assert_cmpstr (fields, ==, "notes");
  copy = query_text (fixture->a, "SELECT local_copy FROM sync_conflict");
  g_assert_nonnull (strstr (copy, "NOTE:Local note"));

  sync_settled (fixture, fixture->a);

  /* The user takes the local version back: it goes to the server. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) conflicts = rapport_sync_list_conflicts (fixture->a, &error);
    g_autoptr(GPtrArray) none = NULL;
    g_autoptr(GHashTable) now = NULL;
    g_autoptr(RapportCustomer) restored = NULL;
    g_autoptr(RapportSyncReport) sent = NULL;
    g_autofree char *resolution = NULL;
    g_autofree char *server_note = NULL;
    RapportSyncConflict *conflict;

    g_assert_no_error (error);
    g_assert_cmpuint (conflicts->len, ==, 1);
    conflict = g_ptr_array_index (conflicts, 0);
    g_assert_cmpstr (conflict->kind, ==, "customer");
    g_assert_cmpstr (conflict->local_uid, ==, ada->uid);
    g_assert_cmpstrv (conflict->fields, ((const char * const[]) { "notes", NULL }));
    g_assert_nonnull (strstr (conflict->remote_copy, "Server note"));

    g_assert_true (rapport_sync_resolve_conflict (fixture->a, conflict->id, TRUE, &error));
    g_assert_no_error (error);
    restored = find (fixture->a, ada->uid);
    g_assert_cmpstr (restored->notes, ==, "Local note");
    g_assert_cmpstr (rapport_customer_get_email (restored), ==, "ada@example.com");
    resolution = query_text (fixture->a, "SELECT resolution FROM sync_conflict");
    g_assert_cmpstr (resolution, ==, "kept-local");
    none = rapport_sync_list_conflicts (fixture->a, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
    g_assert_false (rapport_sync_resolve_conflict (fixture->a, conflict->id, FALSE, &error));
    g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND);

    sent = sync_ok (fixture, fixture->a);
    g_assert_cmpuint (sent->pushed_changed, ==, 1);
    now = server_cards (fixture);
    server_note = server_field (now, ada->uid, "NOTE");
    g_assert_cmpstr (server_note, ==, "Local note");
    sync_settled (fixture, fixture->a);
  }
}

static void
test_deletes_both_ways (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RapportCustomer) ada = add_person (fixture->a, "Ada", "Okafor", NULL);
  g_autoptr(RapportCustomer) ben = add_person (fixture->a, "Ben", "Schmidt", NULL);
  g_autoptr(RapportSyncReport) report = sync_ok (fixture, fixture->a);
  g_autoptr(GHashTable) cards = NULL;
  g_autoptr(RapportCustomer) gone = NULL;
  g_autoptr(GError) error = NULL;

  server_delete (fixture, ben->uid);
  g_assert_true (rapport_store_delete_customer (fixture->a, ada->id, &error));
  g_assert_no_error (error);

  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pulled_deleted, ==, 1);
  g_assert_cmpuint (report->pushed_deleted, ==, 1);

  /* Ben went to the trash here (restorable), Ada is gone from the server. */
  g_assert_cmpuint (rapport_store_count_customers (fixture->a, NULL), ==, 0);
  g_assert_cmpint (query_int (fixture->a, "SELECT count(*) FROM customer WHERE deleted IS NOT NULL"), ==, 2);
  cards = server_cards (fixture);
  g_assert_cmpuint (g_hash_table_size (cards), ==, 0);
  g_assert_cmpint (query_int (fixture->a, "SELECT count(*) FROM sync_item"), ==, 0);

  sync_settled (fixture, fixture->a);
}

/* Erased here (purge): the server's copy goes too, the sync rows hold
 * no text of it meanwhile, and the people of an erased organization lose
 * its name on the server as well. */
static void
test_erased_here_gone_there (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(RapportCustomer) org = rapport_customer_new (RAPPORT_CUSTOMER_KIND_ORGANIZATION);
  g_autoptr(RapportCustomer) ada = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autoptr(RapportSyncReport) report = NULL;
  g_autoptr(GHashTable) cards = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *org_name = NULL;

  org->display_name = g_strdup ("Vormgaard Holdings");
  org->notes = g_strdup ("Asked to be erased");
  g_assert_true (rapport_store_add_customer (fixture->a, org, &error));
  g_assert_no_error (error);
  ada->given_name = g_strdup ("Ada");
  ada->family_name = g_strdup ("Okafor");
  ada->display_name = g_strdup ("Ada Okafor");
  ada->organization_id = org->id;
  g_assert_true (rapport_store_add_customer (fixture->a, ada, &error));
  g_assert_no_error (error);
  /* Edited long before the sync: only a change makes the scan look again. */
  g_assert_true (rapport_store_exec (fixture->a, "UPDATE customer SET modified = modified - 100", &error));
  g_assert_no_error (error);

  report = sync_ok (fixture, fixture->a);
  cards = server_cards (fixture);
  org_name = server_field (cards, ada->uid, "ORG");
  g_assert_cmpstr (org_name, ==, "Vormgaard Holdings");
  g_clear_pointer (&cards, g_hash_table_unref);

  g_assert_true (rapport_store_purge_customer (fixture->a, org->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture->a, "SELECT count(*) FROM sync_item WHERE local_copy LIKE '%erased%'"
                                          " OR remote_copy LIKE '%erased%'"), ==, 0);

  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pushed_deleted, ==, 1);
  g_assert_cmpuint (report->pushed_changed, ==, 1);

  cards = server_cards (fixture);
  g_assert_cmpuint (g_hash_table_size (cards), ==, 1);
  g_assert_null (strstr (g_hash_table_lookup (cards, ada->uid), "Vormgaard"));
  g_assert_cmpint (query_int (fixture->a, "SELECT count(*) FROM sync_item WHERE local_copy LIKE '%Vormgaard%'"
                                          " OR remote_copy LIKE '%Vormgaard%'"), ==, 0);
  g_assert_cmpint (query_int (fixture->a, "SELECT count(*) FROM sync_item"), ==, 1);

  sync_settled (fixture, fixture->a);
}

/* Put in the trash here while the server's copy changed: the sync takes
 * the server's version and brings the customer back (it once failed the
 * whole sync with "There is no customer N", found by the fault test). */
static void
test_trashed_here_changed_there (Fixture       *fixture,
                                 gconstpointer  data)
{
  const char *uid = "c4000000-0000-4000-8000-000000000004";
  g_autofree char *first = card3 (uid, "Ada Okafor", NULL);
  g_autofree char *changed = card3 (uid, "Ada Okafor-Eze", NULL);
  g_autoptr(RapportSyncReport) report = NULL;
  g_autoptr(RapportCustomer) ada = NULL;
  g_autoptr(RapportCustomer) back = NULL;
  g_autoptr(GError) error = NULL;

  server_put (fixture, uid, first);
  report = sync_ok (fixture, fixture->a);
  ada = find (fixture->a, uid);
  g_assert_nonnull (ada);

  server_put (fixture, uid, changed);
  g_assert_true (rapport_store_delete_customer (fixture->a, ada->id, &error));
  g_assert_no_error (error);

  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->a);
  back = find (fixture->a, uid);
  g_assert_nonnull (back);
  g_assert_cmpstr (back->display_name, ==, "Ada Okafor-Eze");
  g_assert_cmpint (query_int (fixture->a, "SELECT count(*) FROM customer WHERE deleted IS NOT NULL"), ==, 0);

  sync_settled (fixture, fixture->a);
}

static void
test_unknown_properties_survive (Fixture       *fixture,
                                 gconstpointer  data)
{
  const char *uid = "e5000000-0000-4000-8000-000000000005";
  g_autofree char *card = card3 (uid, "Emeka Nwosu",
                                 "item1.EMAIL;TYPE=INTERNET:emeka@example.com\r\n"
                                 "item1.X-ABLabel:Shop\r\n"
                                 "X-SOCIALPROFILE;TYPE=twitter:https://twitter.com/emeka\r\n"
                                 "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/\r\n");
  g_autoptr(RapportSyncReport) report = NULL;
  g_autoptr(RapportCustomer) emeka = NULL;
  g_autoptr(GHashTable) cards = NULL;
  const char *data_after;

  server_put (fixture, uid, card);
  report = sync_ok (fixture, fixture->a);
  emeka = find (fixture->a, uid);
  g_assert_nonnull (emeka);

  g_free (emeka->notes);
  emeka->notes = g_strdup ("Met at the trade fair");
  update (fixture->a, emeka);
  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pushed_changed, ==, 1);

  cards = server_cards (fixture);
  data_after = g_hash_table_lookup (cards, uid);
  g_assert_nonnull (strstr (data_after, "X-SOCIALPROFILE;TYPE=twitter:https://twitter.com/emeka"));
  g_assert_nonnull (strstr (data_after, "PHOTO;"));
  g_assert_nonnull (strstr (data_after, "/9j/4AAQSkZJRgABAQAAAQABAAD"));
  /* Radicale writes property names in upper case. */
  g_assert_nonnull (strcasestr (data_after, "item1.X-ABLabel:Shop"));
  g_assert_nonnull (strstr (data_after, "NOTE:Met at the trade fair"));

  sync_settled (fixture, fixture->a);
}

static void
test_invalid_token_full_resync (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(RapportCustomer) ada = add_person (fixture->a, "Ada", "Okafor", NULL);
  g_autoptr(RapportCustomer) ben = add_person (fixture->a, "Ben", "Schmidt", NULL);
  g_autofree char *three = card3 ("c3000000-0000-4000-8000-000000000003", "Chidi Eze", NULL);
  g_autofree char *four = card3 ("d4000000-0000-4000-8000-000000000004", "Dana Weiss", NULL);
  g_autoptr(RapportSyncReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;

  server_put (fixture, "c3000000-0000-4000-8000-000000000003", three);
  report = sync_ok (fixture, fixture->a);

  /* Changes on both sides, and a token the server never gave. */
  server_put (fixture, "d4000000-0000-4000-8000-000000000004", four);
  server_delete (fixture, ben->uid);
  g_free (ada->notes);
  ada->notes = g_strdup ("Edited while the token went bad");
  update (fixture->a, ada);
  g_assert_true (rapport_store_exec (fixture->a,
                                     "UPDATE sync_collection SET sync_token = 'http://radicale.org/ns/sync/bogus'",
                                     &error));
  g_assert_no_error (error);

  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pulled_new, ==, 1);
  g_assert_cmpuint (report->pulled_deleted, ==, 1);
  g_assert_cmpuint (report->pushed_changed, ==, 1);

  local = local_state (fixture->a);
  remote = server_state (fixture);
  g_assert_cmpstr (local, ==, remote);
  g_assert_cmpuint (rapport_store_count_customers (fixture->a, NULL), ==, 3);
  g_assert_cmpint (query_int (fixture->a, "SELECT count(*) FROM sync_item"), ==, 3);

  sync_settled (fixture, fixture->a);
}

typedef struct
{
  RadicaleFixture *server;
  guint            delay_ms;
} Killer;

static gpointer
kill_after (gpointer data)
{
  Killer *killer = data;

  g_usleep (killer->delay_ms * 1000);
  radicale_fixture_kill (killer->server);
  return NULL;
}

static void
test_server_killed_mid_sync (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;
  guint failures = 0;

  rapport_dav_client_set_retry (fixture->client, 1, 10);

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *given = g_strdup_printf ("Person%02u", i);
      g_autoptr(RapportCustomer) customer = add_person (fixture->a, given, "Local", NULL);
      g_autofree char *uid = g_strdup_printf ("f%07u-0000-4000-8000-000000000000", i);
      g_autofree char *name = g_strdup_printf ("Remote %02u", i);
      g_autofree char *card = card3 (uid, name, NULL);

      server_put (fixture, uid, card);
    }

  /* Killed at a different moment each round, restarted, and again. */
  for (guint round = 0; round < 4; round++)
    {
      Killer killer = { fixture->server, 150 + 250 * round };
      g_autoptr(GThread) thread = g_thread_new ("killer", kill_after, &killer);
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportSyncReport) report = rapport_sync_run (fixture->a, 1, fixture->client, NULL, &error);

      g_thread_join (g_steal_pointer (&thread));
      if (report == NULL)
        {
          g_assert_nonnull (error);
          g_test_message ("Round %u: %s", round, error->message);
          failures++;
        }
      g_clear_error (&error);
      g_assert_true (radicale_fixture_restart (fixture->server, &error));
      g_assert_no_error (error);

      /* Local edits between the interruptions. */
      {
        g_autoptr(RapportCustomer) first = rapport_store_find_customer (fixture->a, "f0000000-0000-4000-8000-000000000000", NULL);

        if (first != NULL)
          {
            g_free (first->notes);
            first->notes = g_strdup_printf ("Round %u", round);
            update (fixture->a, first);
          }
      }
    }
  g_test_message ("%u of 4 interrupted", failures);
  g_assert_cmpuint (failures, >, 0);

  rapport_dav_client_set_retry (fixture->client, 3, 20);
  sync_settled (fixture, fixture->a);

  local = local_state (fixture->a);
  remote = server_state (fixture);
  g_assert_cmpstr (local, ==, remote);
  g_assert_cmpuint (rapport_store_count_customers (fixture->a, NULL), ==, 80);
  g_assert_cmpint (query_int (fixture->a, "SELECT count(*) FROM sync_item WHERE dirty = 0"), ==, 80);
}

static void
test_two_replicas_converge (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(RapportCustomer) ada = add_person (fixture->a, "Ada", "Okafor", NULL);
  g_autoptr(RapportCustomer) ben = add_person (fixture->a, "Ben", "Schmidt", NULL);
  g_autoptr(RapportCustomer) cara = NULL;
  g_autoptr(RapportCustomer) ada_b = NULL;
  g_autoptr(RapportCustomer) ben_b = NULL;
  g_autofree char *dana = card3 ("d4000000-0000-4000-8000-000000000004", "Dana Weiss", NULL);
  g_autofree char *ada_on_server = NULL;
  g_autofree char *state_a = NULL;
  g_autofree char *state_b = NULL;
  g_autofree char *state_server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSyncReport) report = NULL;

  fixture->b = open_replica (fixture, "b.db");
  report = sync_ok (fixture, fixture->a);
  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->b);
  g_assert_cmpuint (report->pulled_new, ==, 2);

  /* Edits on all three: A adds and edits, B edits and deletes, the
   * server gets a new card and an edit to a field nobody else touched. */
  cara = add_person (fixture->a, "Cara", "Lindqvist", "cara@example.com");
  g_free (ada->job_title);
  ada->job_title = g_strdup ("Owner");
  update (fixture->a, ada);

  ada_b = find (fixture->b, ada->uid);
  g_free (ada_b->notes);
  ada_b->notes = g_strdup ("Edited on B");
  update (fixture->b, ada_b);
  ben_b = find (fixture->b, ben->uid);
  g_assert_true (rapport_store_delete_customer (fixture->b, ben_b->id, &error));
  g_assert_no_error (error);

  server_put (fixture, "d4000000-0000-4000-8000-000000000004", dana);
  ada_on_server = server_card_with (fixture, ada->uid, "X-RAPPORT-BEST-TIME", "mornings");
  server_put (fixture, ada->uid, ada_on_server);

  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&report, rapport_sync_report_free);
      report = sync_ok (fixture, fixture->a);
      g_clear_pointer (&report, rapport_sync_report_free);
      report = sync_ok (fixture, fixture->b);
    }
  sync_settled (fixture, fixture->a);
  sync_settled (fixture, fixture->b);

  state_a = local_state (fixture->a);
  state_b = local_state (fixture->b);
  state_server = server_state (fixture);
  g_assert_cmpstr (state_a, ==, state_b);
  g_assert_cmpstr (state_a, ==, state_server);
  g_assert_cmpuint (rapport_store_count_customers (fixture->a, NULL), ==, 3);

  /* Every side's edit of Ada is in: A's title, B's note, the server's best time. */
  {
    g_autoptr(RapportCustomer) on_a = find (fixture->a, ada->uid);
    g_autoptr(RapportCustomer) on_b = find (fixture->b, ada->uid);

    g_assert_cmpstr (on_a->job_title, ==, "Owner");
    g_assert_cmpstr (on_a->notes, ==, "Edited on B");
    g_assert_cmpstr (on_a->best_time, ==, "mornings");
    g_assert_cmpstr (on_b->job_title, ==, "Owner");
    g_assert_cmpstr (on_b->best_time, ==, "mornings");
  }
  g_assert_cmpint (query_int (fixture->a, "SELECT count(*) FROM sync_conflict"), ==, 0);
  g_assert_cmpint (query_int (fixture->b, "SELECT count(*) FROM sync_conflict"), ==, 0);
}

/* A TEL line with more parameter values than the vCard reader takes: a
 * card Rapport truly cannot read. */
static char *
many_types_tel (void)
{
  GString *tel = g_string_new ("TEL;TYPE=");

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (tel, "%sv%u", i > 0 ? "," : "", i);
  g_string_append (tel, ":+2348030000001\r\n");

  return g_string_free (tel, FALSE);
}

/* A card whose line has more parameter values than the reader takes is
 * set aside with the reason, not dropped and not read for seconds. */
static void
test_card_with_too_many_parameters_is_quarantined (Fixture       *fixture,
                                                   gconstpointer  data)
{
  g_autofree char *tel = many_types_tel ();
  g_autofree char *bad = NULL;
  g_autoptr(RapportSyncReport) report = NULL;
  g_autofree char *message = NULL;

  bad = card3 ("b1000000-0000-4000-8000-00000000000b", "Many Types", tel);
  server_put (fixture, "b1000000-0000-4000-8000-00000000000b", bad);

  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->quarantined, ==, 1);
  g_assert_null (find (fixture->a, "b1000000-0000-4000-8000-00000000000b"));
  message = query_text (fixture->a, "SELECT quarantine FROM sync_item WHERE quarantine IS NOT NULL");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "TEL has more than 256 parameter values"));
}

static void
test_unreadable_card_is_quarantined (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autofree char *tel = many_types_tel ();
  g_autofree char *good = card3 ("c3000000-0000-4000-8000-000000000003", "Chidi Eze", NULL);
  g_autofree char *bad = card3 ("b0000000-0000-4000-8000-00000000000b", "Broken Phone", tel);
  g_autofree char *fixed = card3 ("b0000000-0000-4000-8000-00000000000b", "Fixed Email",
                                  "EMAIL;TYPE=INTERNET:fixed@example.com\r\n");
  g_autoptr(RapportSyncReport) report = NULL;
  g_autoptr(RapportCustomer) chidi = NULL;
  g_autoptr(RapportCustomer) broken = NULL;
  g_autoptr(RapportCustomer) repaired = NULL;
  g_autofree char *message = NULL;

  server_put (fixture, "c3000000-0000-4000-8000-000000000003", good);
  server_put (fixture, "b0000000-0000-4000-8000-00000000000b", bad);

  /* The one card this database cannot read is set aside; the sync goes on. */
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pulled_new, ==, 1);
  g_assert_cmpuint (report->quarantined, ==, 1);
  g_assert_nonnull (strstr (report->summary, "1 set aside"));
  chidi = find (fixture->a, "c3000000-0000-4000-8000-000000000003");
  g_assert_nonnull (chidi);
  broken = find (fixture->a, "b0000000-0000-4000-8000-00000000000b");
  g_assert_null (broken);
  message = query_text (fixture->a, "SELECT quarantine FROM sync_item WHERE quarantine IS NOT NULL");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "TEL"));

  /* Not taken for a local deletion, not tried again while unchanged... */
  g_clear_pointer (&report, rapport_sync_report_free);
  sync_settled (fixture, fixture->a);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) items = rapport_dav_client_list_etags_sync (fixture->client, fixture->book_url,
                                                                      NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (items->len, ==, 2);
  }

  /* ...and read again once the server's copy changes. */
  server_put (fixture, "b0000000-0000-4000-8000-00000000000b", fixed);
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pulled_new, ==, 1);
  g_assert_cmpuint (report->quarantined, ==, 0);
  repaired = find (fixture->a, "b0000000-0000-4000-8000-00000000000b");
  g_assert_nonnull (repaired);
  g_assert_cmpstr (rapport_customer_get_email (repaired), ==, "fixed@example.com");
}

/* A value Rapport would refuse from the user (an email without a dot in
 * its domain, a country name where a code is expected) comes in from
 * another app as it is: the card is not set aside, and the user's edit
 * of another field writes the value back untouched. */
static void
test_outside_values_are_kept_not_set_aside (Fixture       *fixture,
                                            gconstpointer  data)
{
  g_autofree char *card = card3 ("d5000000-0000-4000-8000-000000000005", "Amélie Roux",
                                 "EMAIL;TYPE=INTERNET:amelie@localhost\r\n"
                                 "ADR;TYPE=WORK:;;2 rue de la Paix;Lyon;;69002;France\r\n");
  g_autoptr(RapportSyncReport) report = NULL;
  g_autoptr(RapportCustomer) amelie = NULL;
  g_autoptr(GHashTable) cards = NULL;
  g_autoptr(GError) error = NULL;
  const char *written;

  server_put (fixture, "d5000000-0000-4000-8000-000000000005", card);
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pulled_new, ==, 1);
  g_assert_cmpuint (report->quarantined, ==, 0);
  amelie = find (fixture->a, "d5000000-0000-4000-8000-000000000005");
  g_assert_nonnull (amelie);
  g_assert_cmpstr (rapport_customer_get_email (amelie), ==, "amelie@localhost");
  g_assert_cmpstr (((RapportAddress *) g_ptr_array_index (amelie->addresses, 0))->country, ==, "France");

  /* The user adds a note in Rapport; the rest goes back as it came. */
  g_free (amelie->notes);
  amelie->notes = g_strdup ("Met at the trade fair");
  g_assert_true (rapport_store_update_customer (fixture->a, amelie, &error));
  g_assert_no_error (error);
  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pushed_changed, ==, 1);

  cards = server_cards (fixture);
  written = g_hash_table_lookup (cards, "d5000000-0000-4000-8000-000000000005");
  g_assert_nonnull (written);
  g_assert_nonnull (strstr (written, "amelie@localhost"));
  g_assert_nonnull (strstr (written, ";Lyon;;69002;France"));
  g_assert_nonnull (strstr (written, "Met at the trade fair"));
}

/* Requests as the server sees them (authentication included), through
 * the proxy with no faults. */
static void
test_no_change_resync_on_the_wire (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaultProxy) proxy = fault_proxy_new (fixture->server->port, &error);
  g_autofree char *url = NULL;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportSyncReport) first = NULL;
  g_autoptr(RapportSyncReport) second = NULL;
  guint before;

  g_assert_no_error (error);
  url = fault_proxy_url (proxy, BOOK_PATH);
  store = open_replica_at (fixture, "wire.db", url);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *given = g_strdup_printf ("Person%u", i);
      g_autoptr(RapportCustomer) customer = add_person (store, given, "Wire", NULL);
    }

  first = sync_ok (fixture, store);
  g_test_message ("first sync: %u requests by the engine, %u on the wire", first->requests,
                  fault_proxy_get_requests (proxy));
  before = fault_proxy_get_requests (proxy);
  second = sync_ok (fixture, store);
  g_test_message ("no-change sync: %u requests by the engine, %u on the wire", second->requests,
                  fault_proxy_get_requests (proxy) - before);
  g_assert_cmpuint (second->requests, ==, 1);
  g_assert_cmpuint (fault_proxy_get_requests (proxy) - before, ==, 1);

  /* A new process (rapportctl sync from cron): the first request is
   * answered 401, then sent again with the credentials. */
  {
    g_autoptr(RapportDavClient) fresh = rapport_dav_client_new (10);
    g_autoptr(RapportSyncReport) third = NULL;

    rapport_dav_client_set_credentials (fresh, RADICALE_USER, RADICALE_PASSWORD);
    before = fault_proxy_get_requests (proxy);
    third = rapport_sync_run (store, 1, fresh, NULL, &error);
    g_assert_no_error (error);
    g_test_message ("no-change sync, new client: %u requests by the engine, %u on the wire", third->requests,
                    fault_proxy_get_requests (proxy) - before);
    g_assert_cmpuint (third->requests, ==, 1);
    g_assert_cmpuint (fault_proxy_get_requests (proxy) - before, <=, 2);
  }
}

static void
edit_notes (RapportStore *store,
            const char   *uid,
            const char   *notes)
{
  g_autoptr(RapportCustomer) customer = find (store, uid);

  if (customer == NULL)
    return;
  g_free (customer->notes);
  customer->notes = g_strdup (notes);
  update (store, customer);
}

/* A card this database cannot read at all (here: its END:VCARD does not
 * come, through the proxy) has no UID to go by and is set aside under its
 * href. Once readable it is its record's, with one row, so the record's
 * next edit is a change of that card and not a new one. */
static void
test_unreadable_then_readable_is_one_record (Fixture       *fixture,
                                             gconstpointer  data)
{
  const char *uid = "b0000000-0000-4000-8000-0000000000c7";
  g_autoptr(GError) error = NULL;
  g_autoptr(FaultProxy) proxy = fault_proxy_new (fixture->server->port, &error);
  g_autofree char *url = NULL;
  g_autofree char *card = card3 (uid, "Once Unreadable", NULL);
  g_autofree char *rows = NULL;
  g_autoptr(RapportSyncReport) report = NULL;
  g_autoptr(RapportSyncReport) read = NULL;
  g_autoptr(RapportSyncReport) edit = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GHashTable) cards = NULL;

  g_assert_no_error (error);
  url = fault_proxy_url (proxy, BOOK_PATH);
  g_clear_object (&fixture->a);
  fixture->a = open_replica_at (fixture, "unreadable.db", url);
  server_put (fixture, uid, card);

  fault_proxy_set_rewrite (proxy, "END:VCARD", "END:VCARX");
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->quarantined, ==, 1);
  g_assert_null (find (fixture->a, uid));

  /* Readable now, and changed on the server (the ETag moves). */
  fault_proxy_set_rewrite (proxy, NULL, NULL);
  g_free (card);
  card = card3 (uid, "Once Unreadable", "NOTE:Repaired\r\n");
  server_put (fixture, uid, card);
  read = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (read->quarantined, ==, 0);
  g_assert_cmpuint (read->pulled_new, ==, 1);
  customer = find (fixture->a, uid);
  g_assert_nonnull (customer);
  rows = query_text (fixture->a, "SELECT group_concat(local_uid || ' ' || (quarantine IS NULL)) FROM sync_item");
  g_assert_cmpstr (rows, ==, "b0000000-0000-4000-8000-0000000000c7 1");

  g_free (customer->notes);
  customer->notes = g_strdup ("Edited once readable");
  update (fixture->a, customer);
  edit = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (edit->pushed_changed, ==, 1);
  g_assert_cmpuint (edit->pushed_new, ==, 0);
  cards = server_cards (fixture);
  g_assert_cmpuint (g_hash_table_size (cards), ==, 1);
  g_assert_nonnull (strstr (g_hash_table_lookup (cards, uid), "Edited once readable"));
}

/* A server that is busy answers 429 with Retry-After: the client waits
 * that long (not its own shorter backoff) and the sync goes through. */
static void
test_too_many_requests_waits (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaultProxy) proxy = fault_proxy_new (fixture->server->port, &error);
  g_autoptr(RapportDavClient) client = rapport_dav_client_new (5);
  g_autoptr(RapportSyncReport) report = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autofree char *url = NULL;
  gint64 started;

  g_assert_no_error (error);
  url = fault_proxy_url (proxy, BOOK_PATH);
  g_clear_object (&fixture->a);
  fixture->a = open_replica_at (fixture, "busy.db", url);
  rapport_dav_client_set_credentials (client, RADICALE_USER, RADICALE_PASSWORD);
  rapport_dav_client_set_retry (client, 3, 10);
  customer = add_person (fixture->a, "Yaw", "Busy", NULL);

  /* The first request and a later one meet 429. */
  fault_proxy_fail_request (proxy, 1, FAULT_TOO_MANY);
  fault_proxy_fail_request (proxy, 4, FAULT_TOO_MANY);
  started = g_get_monotonic_time ();
  report = rapport_sync_run (fixture->a, 1, client, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s in %.1f s, %u faults", report->summary,
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC, fault_proxy_get_faults (proxy));
  g_assert_cmpuint (fault_proxy_get_faults (proxy), ==, 2);
  g_assert_cmpuint (report->pushed_new, ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 2 * G_USEC_PER_SEC);
}

/* A new customer's PUT reaches the server but its answer never comes;
 * the PUT sent again meets 412 (the card is there), and the GET that
 * follows is cut short. The cut read is taken for what it is, a failed
 * read, tried again, and the record and the card are found to be one. */
static void
test_lost_answer_then_cut_read (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaultProxy) proxy = fault_proxy_new (fixture->server->port, &error);
  g_autoptr(RapportDavClient) client = rapport_dav_client_new (2);
  g_autoptr(RapportSyncReport) report = NULL;
  g_autoptr(RapportSyncReport) again = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GHashTable) cards = NULL;
  g_autofree char *url = NULL;
  g_autofree char *rows = NULL;
  RapportStore *store;

  g_assert_no_error (error);
  url = fault_proxy_url (proxy, BOOK_PATH);
  g_clear_object (&fixture->a);
  fixture->a = store = open_replica_at (fixture, "lost.db", url);
  rapport_dav_client_set_credentials (client, RADICALE_USER, RADICALE_PASSWORD);
  rapport_dav_client_set_retry (client, 2, 10);
  report = rapport_sync_run (store, 1, client, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&report, rapport_sync_report_free);

  customer = add_person (store, "Ngozi", "Lost", "ngozi@example.com");
  /* PROPFIND, REPORT, then the PUT (3) stalls; sent again (4) it meets
   * 412; the GET (5) is cut; the GET again (6) is whole. */
  fault_proxy_fail_request (proxy, 3, FAULT_STALL);
  fault_proxy_fail_request (proxy, 5, FAULT_TRUNCATE);
  report = rapport_sync_run (store, 1, client, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s (%u requests, %u on the wire)", report->summary, report->requests,
                  fault_proxy_get_requests (proxy));
  g_assert_cmpuint (fault_proxy_get_faults (proxy), ==, 2);
  g_assert_cmpuint (report->quarantined, ==, 0);

  /* One row for the record, under its own UID, with the card's href. */
  rows = query_text (store, "SELECT group_concat(local_uid || ' ' || href || ' ' || (quarantine IS NULL))"
                            " FROM sync_item");
  g_assert_nonnull (strstr (rows, customer->uid));
  g_assert_null (strchr (rows, ','));
  g_assert_true (g_str_has_suffix (rows, " 1"));

  /* Settled: the next run is one request, the server holds one card. */
  again = rapport_sync_run (store, 1, client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->requests, ==, 1);
  cards = server_cards (fixture);
  g_assert_cmpuint (g_hash_table_size (cards), ==, 1);
  g_assert_true (g_hash_table_contains (cards, customer->uid));
}

static void
test_replicas_converge_through_faults (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaultProxy) proxy = fault_proxy_new (fixture->server->port, &error);
  g_autoptr(RapportDavClient) client = rapport_dav_client_new (2);
  g_autoptr(GPtrArray) uids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *url = NULL;
  g_autofree char *state_a = NULL;
  g_autofree char *state_b = NULL;
  g_autofree char *state_server = NULL;
  RapportStore *replicas[2];
  guint failed = 0;
  gboolean clean = FALSE;
  gboolean settled = FALSE;
  guint32 seed = g_getenv ("RAPPORT_FAULT_SEED") != NULL
                 ? (guint32) g_ascii_strtoull (g_getenv ("RAPPORT_FAULT_SEED"), NULL, 10)
                 : g_test_rand_int ();

  g_assert_no_error (error);
  g_test_message ("seed %u", seed);
  url = fault_proxy_url (proxy, BOOK_PATH);
  g_clear_object (&fixture->a);
  fixture->a = open_replica_at (fixture, "fa.db", url);
  fixture->b = open_replica_at (fixture, "fb.db", url);
  replicas[0] = fixture->a;
  replicas[1] = fixture->b;
  rapport_dav_client_set_credentials (client, RADICALE_USER, RADICALE_PASSWORD);
  rapport_dav_client_set_retry (client, 2, 10);

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *given = g_strdup_printf ("Person%02u", i);
      g_autoptr(RapportCustomer) customer = add_person (replicas[i % 2], given, i % 2 ? "Beta" : "Alpha", NULL);
      g_autofree char *uid = g_strdup_printf ("a%07u-0000-4000-8000-000000000000", i);
      g_autofree char *name = g_strdup_printf ("Server %02u", i);
      g_autofree char *card = card3 (uid, name, NULL);

      g_ptr_array_add (uids, g_strdup (customer->uid));
      server_put (fixture, uid, card);
      g_ptr_array_add (uids, g_steal_pointer (&uid));
    }

  fault_proxy_set_random (proxy, seed, 0.15);
  for (guint round = 0; round < 8; round++)
    {
      for (guint r = 0; r < 2; r++)
        {
          g_autoptr(GError) sync_error = NULL;
          g_autoptr(RapportSyncReport) report = NULL;
          /* Never the customer deleted below: an edit wins over a
           * delete (test_trashed_here_changed_there), so one racing the
           * delete would rightly bring it back. */
          guint pick = g_test_rand_int_range (0, uids->len - 1);
          const char *uid = g_ptr_array_index (uids, pick >= 5 ? pick + 1 : pick);
          g_autofree char *notes = g_strdup_printf ("Round %u on %c", round, 'A' + r);

          edit_notes (replicas[r], uid, notes);
          if (round == 3 && r == 1)
            {
              g_autoptr(RapportCustomer) victim = find (replicas[r], g_ptr_array_index (uids, 5));

              if (victim != NULL && rapport_store_delete_customer (replicas[r], victim->id, NULL))
                g_hash_table_add (deleted, g_strdup (victim->uid));
            }

          report = rapport_sync_run (replicas[r], 1, client, NULL, &sync_error);
          if (report == NULL)
            {
              g_test_message ("round %u, replica %c: %s", round, 'A' + r, sync_error->message);
              failed++;
            }
        }
    }
  g_test_message ("%u of 16 syncs failed, %u faults in %u requests", failed,
                  fault_proxy_get_faults (proxy), fault_proxy_get_requests (proxy));
  g_assert_cmpuint (fault_proxy_get_faults (proxy), >, 0);

  /* Faults off: sync until clean, a pass over both replicas at a time.
   * A replica may still send a merge it made in the last faulty round,
   * which the other then reads, so this can take a few passes; it must
   * settle: a pass where neither changes anything. (That such a pass
   * costs one request per replica is checked without faults, in
   * test_no_change_resync_is_one_request.) */
  fault_proxy_set_random (proxy, 0, 0);
  for (guint pass = 0; !clean && pass < 5; pass++)
    {
      clean = TRUE;
      settled = TRUE;
      for (guint r = 0; r < 2; r++)
        {
          g_autoptr(GError) sync_error = NULL;
          g_autoptr(RapportSyncReport) report = rapport_sync_run (replicas[r], 1, client, NULL, &sync_error);

          g_assert_no_error (sync_error);
          g_test_message ("replica %c: %s (%u requests)", 'A' + r, report->summary, report->requests);
          if (report->pulled_new + report->pulled_changed + report->pulled_deleted +
              report->pushed_new + report->pushed_changed + report->pushed_deleted > 0)
            clean = FALSE;
          if (report->requests != 1)
            settled = FALSE;
        }
      g_test_message ("pass %u after the faults: %s", pass, clean ? "clean" : "still changing");
    }

  state_a = local_state (fixture->a);
  state_b = local_state (fixture->b);
  state_server = server_state (fixture);

  if (!clean || !settled || g_strcmp0 (state_a, state_b) != 0 || g_strcmp0 (state_a, state_server) != 0)
    g_test_message ("replica A:\n%s\nreplica B:\n%s\nserver:\n%s", state_a, state_b, state_server);
  g_assert_true (clean);
  /* Settled: the last pass was one request per replica. */
  g_assert_true (settled);
  g_assert_cmpstr (state_a, ==, state_b);
  g_assert_cmpstr (state_a, ==, state_server);

  /* Nothing lost, nothing twice (server_cards refuses a UID twice). */
  g_assert_cmpuint (rapport_store_count_customers (fixture->a, NULL), ==, uids->len - g_hash_table_size (deleted));
  for (guint i = 0; i < uids->len; i++)
    {
      g_autoptr(RapportCustomer) customer = find (fixture->a, g_ptr_array_index (uids, i));

      g_assert_true ((customer != NULL) != g_hash_table_contains (deleted, g_ptr_array_index (uids, i)));
    }
}

/* Follow-ups: VTODO in a calendar */

#define TASKS_PATH "/" RADICALE_USER "/tasks/"

static void
add_tasks_collection (Fixture      *fixture,
                      RapportStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = radicale_fixture_url (fixture->server, TASKS_PATH);
  g_autofree char *sql = g_strdup_printf ("INSERT INTO sync_collection (account_id, url, purpose)"
                                          " VALUES (1, '%s', 'tasks')", url);

  g_assert_true (rapport_store_exec (store, sql, &error));
  g_assert_no_error (error);
}

/* The follow-up in the server's copy of @name.ics. */
static RapportFollowUp *
server_follow_up (Fixture    *fixture,
                  const char *name,
                  char      **text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = radicale_fixture_url (fixture->server, TASKS_PATH);
  g_autofree char *resource_url = g_strconcat (url, name, ".ics", NULL);
  g_autoptr(RapportDavResource) resource = rapport_dav_client_get_sync (fixture->client, resource_url, NULL, &error);
  RapportFollowUp *follow_up;

  if (resource == NULL)
    {
      g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_NOT_FOUND);
      return NULL;
    }
  follow_up = rapport_follow_up_new ();
  g_assert_true (rapport_ical_read_follow_up (resource->data, -1, follow_up, NULL, NULL, &error));
  g_assert_no_error (error);
  if (text != NULL)
    *text = g_steal_pointer (&resource->data);
  return follow_up;
}

static RapportFollowUp *
local_follow_up (RapportStore *store,
                 const char   *uid)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM follow_up WHERE uid = '%s'", uid);
  gint64 id = query_int (store, sql);

  return id > 0 ? rapport_store_get_follow_up (store, id, NULL) : NULL;
}

/* The unfolded content lines of @text. */
static GPtrArray *
unfolded_lines (const char *text)
{
  g_autoptr(GString) joined = g_string_new (text);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = NULL;

  g_string_replace (joined, "\r\n", "\n", 0);
  g_string_replace (joined, "\n ", "", 0);
  g_string_replace (joined, "\n\t", "", 0);
  parts = g_strsplit (joined->str, "\n", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_ptr_array_add (lines, g_strdup (parts[i]));
  return lines;
}

static gboolean
has_line (GPtrArray  *lines,
          const char *line)
{
  for (guint i = 0; i < lines->len; i++)
    if (g_str_equal (g_ptr_array_index (lines, i), line))
      return TRUE;
  return FALSE;
}

static gboolean
is_stamp (const char *line)
{
  return g_str_has_prefix (line, "DTSTAMP:") || g_str_has_prefix (line, "LAST-MODIFIED:");
}

/* Tasks written by another app (todoman) name no customer: they come in
 * as follow-ups that belong to no customer yet (a completed one as done),
 * nothing set aside. Assigned here, the task goes back with every line
 * the other app wrote as it was, plus Rapport's customer link. */
static void
test_other_apps_tasks_without_customer (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavCollection) tasks = NULL;
  g_autofree char *tasks_url = radicale_fixture_url (fixture->server, TASKS_PATH);
  g_autoptr(RapportCustomer) ada = add_person (fixture->a, "Ada", "Okafor", NULL);
  g_autoptr(RapportFollowUp) boxes = NULL;
  g_autoptr(RapportFollowUp) invoice = NULL;
  g_autoptr(RapportFollowUp) on_server = NULL;
  g_autoptr(RapportSyncReport) report = NULL;
  g_autoptr(GPtrArray) unassigned = NULL;
  g_autoptr(GPtrArray) before_lines = NULL;
  g_autoptr(GPtrArray) after_lines = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *link = NULL;
  static const char open_todo[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//todoman//\r\n"
    "BEGIN:VTODO\r\nUID:7d5a1c0e4b2f4e7f9a3b8c6d2e1f0a9b@todoman\r\n"
    "DTSTAMP:20261101T080000Z\r\nCREATED:20261101T080000Z\r\nLAST-MODIFIED:20261101T080000Z\r\n"
    "SUMMARY:Order more boxes\r\nDUE:20261203T090000Z\r\nPRIORITY:5\r\n"
    "CATEGORIES:Warehouse,Trade Fair\r\nSTATUS:NEEDS-ACTION\r\n"
    "DESCRIPTION:The big ones\\, not the flat ones\r\nLOCATION:Back office\r\n"
    "X-TODOMAN-LIST:work\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
  static const char done_todo[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//todoman//\r\n"
    "BEGIN:VTODO\r\nUID:0f9e8d7c6b5a4938a7b6c5d4e3f2a1b0@todoman\r\n"
    "DTSTAMP:20261101T080000Z\r\nSUMMARY:Send the invoice\r\nDUE:20261102T090000Z\r\n"
    "STATUS:COMPLETED\r\nCOMPLETED:20261102T100000Z\r\nPERCENT-COMPLETE:100\r\n"
    "END:VTODO\r\nEND:VCALENDAR\r\n";

  tasks = rapport_dav_client_create_collection_sync (fixture->client, tasks_url, RAPPORT_DAV_COLLECTION_CALENDAR,
                                                     "Follow-ups", RAPPORT_DAV_COMPONENT_VTODO, NULL, &error);
  g_assert_no_error (error);
  add_tasks_collection (fixture, fixture->a);

  g_assert_cmpuint (radicale_fixture_curl (fixture->server, "PUT", TASKS_PATH "boxes.ics",
                                           "text/calendar; charset=utf-8", open_todo), ==, 201);
  g_assert_cmpuint (radicale_fixture_curl (fixture->server, "PUT", TASKS_PATH "invoice.ics",
                                           "text/calendar; charset=utf-8", done_todo), ==, 201);

  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->quarantined, ==, 0);
  g_assert_cmpuint (report->pulled_new, ==, 2);

  boxes = local_follow_up (fixture->a, "7d5a1c0e4b2f4e7f9a3b8c6d2e1f0a9b@todoman");
  g_assert_nonnull (boxes);
  g_assert_cmpint (boxes->customer_id, ==, 0);
  g_assert_cmpstr (boxes->title, ==, "Order more boxes");
  g_assert_cmpint (boxes->due, ==, 1796288400);
  g_assert_cmpint (boxes->priority, ==, 5);
  g_assert_cmpint (boxes->state, ==, RAPPORT_FOLLOW_UP_OPEN);
  invoice = local_follow_up (fixture->a, "0f9e8d7c6b5a4938a7b6c5d4e3f2a1b0@todoman");
  g_assert_nonnull (invoice);
  g_assert_cmpint (invoice->customer_id, ==, 0);
  g_assert_cmpint (invoice->state, ==, RAPPORT_FOLLOW_UP_DONE);
  g_assert_cmpint (invoice->completed_at, ==, 1793613600);
  unassigned = rapport_store_list_unassigned (fixture->a, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unassigned->len, ==, 1);
  sync_settled (fixture, fixture->a);

  on_server = server_follow_up (fixture, "boxes", &before);
  g_assert_nonnull (on_server);
  g_clear_pointer (&on_server, rapport_follow_up_free);

  g_assert_true (rapport_store_assign_follow_up (fixture->a, boxes->id, ada->id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pushed_changed, ==, 1);
  g_assert_cmpuint (report->quarantined, ==, 0);

  on_server = server_follow_up (fixture, "boxes", &after);
  g_assert_nonnull (on_server);
  before_lines = unfolded_lines (before);
  after_lines = unfolded_lines (after);
  g_test_message ("Before:\n%s\nAfter:\n%s", before, after);
  /* Every line the other app wrote is there as it was (but the stamps,
   * which say when the task last changed: now)... */
  for (guint i = 0; i < before_lines->len; i++)
    if (!is_stamp (g_ptr_array_index (before_lines, i)) &&
        !has_line (after_lines, g_ptr_array_index (before_lines, i)))
      g_error ("Assigning a customer changed or dropped “%s”", (char *) g_ptr_array_index (before_lines, i));
  /* ...and only the customer link is new. */
  link = g_strdup_printf ("X-RAPPORT-CUSTOMER-UID:urn:uuid:%s", ada->uid);
  for (guint i = 0; i < after_lines->len; i++)
    {
      const char *line = g_ptr_array_index (after_lines, i);

      if (!has_line (before_lines, line) && !g_str_equal (line, link) && !is_stamp (line) &&
          !g_str_has_prefix (line, "CONTACT;ALTREP=\"urn:uuid:"))
        g_error ("Assigning a customer added “%s”", line);
    }
  g_assert_true (has_line (after_lines, link));
  sync_settled (fixture, fixture->a);

  g_clear_pointer (&boxes, rapport_follow_up_free);
  boxes = local_follow_up (fixture->a, "7d5a1c0e4b2f4e7f9a3b8c6d2e1f0a9b@todoman");
  g_assert_cmpint (boxes->customer_id, ==, ada->id);
}

/* A task another app made that names a customer's email (an attendee,
 * or a CONTACT as "Name <address>") is that customer's; an address no
 * customer has, or two customers share, leaves it to assign. Nothing is
 * written back for it. */
static void
test_other_apps_tasks_matched_by_email (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavCollection) tasks = NULL;
  g_autofree char *tasks_url = radicale_fixture_url (fixture->server, TASKS_PATH);
  g_autoptr(RapportCustomer) ada = add_person (fixture->a, "Ada", "Okafor", "ada@example.com");
  g_autoptr(RapportCustomer) kofi = add_person (fixture->a, "Kofi", "Mensah", "office@mensah.example");
  g_autoptr(RapportCustomer) ama = add_person (fixture->a, "Ama", "Mensah", "office@mensah.example");
  g_autoptr(RapportSyncReport) report = NULL;
  static const struct {
    const char *file;
    const char *uid;
    const char *line;
    gboolean    ada;
  } todos[] = {
    { "attendee.ics", "attendee-1@other", "ATTENDEE;CN=Ada Okafor:mailto:ADA@example.com", TRUE },
    { "contact.ics", "contact-1@other", "CONTACT:Ada Okafor <ada@example.com>", TRUE },
    { "altrep.ics", "altrep-1@other", "CONTACT;ALTREP=\"mailto:ada@example.com\":Ada", TRUE },
    { "stranger.ics", "stranger-1@other", "ATTENDEE:mailto:nobody@example.com", FALSE },
    { "shared.ics", "shared-1@other", "ATTENDEE:mailto:office@mensah.example", FALSE },
  };

  tasks = rapport_dav_client_create_collection_sync (fixture->client, tasks_url, RAPPORT_DAV_COLLECTION_CALENDAR,
                                                     "Follow-ups", RAPPORT_DAV_COMPONENT_VTODO, NULL, &error);
  g_assert_no_error (error);
  add_tasks_collection (fixture, fixture->a);

  for (guint i = 0; i < G_N_ELEMENTS (todos); i++)
    {
      g_autofree char *path = g_strconcat (TASKS_PATH, todos[i].file, NULL);
      g_autofree char *todo = g_strdup_printf ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//\r\n"
                                               "BEGIN:VTODO\r\nUID:%s\r\nDTSTAMP:20261101T080000Z\r\n"
                                               "SUMMARY:Call about the order\r\nDUE:20261203T090000Z\r\n"
                                               "%s\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
                                               todos[i].uid, todos[i].line);

      g_assert_cmpuint (radicale_fixture_curl (fixture->server, "PUT", path, "text/calendar; charset=utf-8", todo),
                        ==, 201);
    }

  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->quarantined, ==, 0);
  g_assert_cmpuint (report->pulled_new, ==, G_N_ELEMENTS (todos));

  for (guint i = 0; i < G_N_ELEMENTS (todos); i++)
    {
      g_autoptr(RapportFollowUp) follow_up = local_follow_up (fixture->a, todos[i].uid);

      g_test_message ("%s", todos[i].line);
      g_assert_nonnull (follow_up);
      g_assert_cmpint (follow_up->customer_id, ==, todos[i].ada ? ada->id : 0);
    }
  g_assert_cmpint (kofi->id, !=, ama->id);
  sync_settled (fixture, fixture->a);
}

static void
test_follow_ups_both_ways (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavCollection) tasks = NULL;
  g_autofree char *tasks_url = radicale_fixture_url (fixture->server, TASKS_PATH);
  g_autoptr(RapportCustomer) ada = add_person (fixture->a, "Ada", "Okafor", NULL);
  g_autoptr(RapportFollowUp) call = rapport_follow_up_new ();
  g_autoptr(RapportFollowUp) quote = NULL;
  g_autoptr(RapportFollowUp) on_server = NULL;
  g_autoptr(RapportFollowUp) after = NULL;
  g_autoptr(RapportSyncReport) report = NULL;
  g_autofree char *todo = NULL;
  g_autofree char *server_text = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *todo_path = NULL;

  tasks = rapport_dav_client_create_collection_sync (fixture->client, tasks_url, RAPPORT_DAV_COLLECTION_CALENDAR,
                                                     "Follow-ups", RAPPORT_DAV_COMPONENT_VTODO, NULL, &error);
  g_assert_no_error (error);
  add_tasks_collection (fixture, fixture->a);

  call->customer_id = ada->id;
  call->title = g_strdup ("Call about the renewal");
  call->due = 1796108400;   /* 2026-12-01 08:00 UTC */
  call->time_zone = g_strdup ("Europe/Berlin");
  call->priority = 1;
  g_assert_true (rapport_store_add_follow_up (fixture->a, call, &error));
  g_assert_no_error (error);

  /* A task written by another app, about Ada. */
  todo = g_strdup_printf ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//EN\r\n"
                          "BEGIN:VTODO\r\nUID:todo-from-server-1\r\nDTSTAMP:20261101T000000Z\r\n"
                          "SUMMARY:Send the quote\r\nDUE:20261202T090000Z\r\n"
                          "X-RAPPORT-CUSTOMER-UID:urn:uuid:%s\r\nEND:VTODO\r\nEND:VCALENDAR\r\n", ada->uid);
  g_assert_cmpuint (radicale_fixture_curl (fixture->server, "PUT", TASKS_PATH "todo-from-server-1.ics",
                                           "text/calendar; charset=utf-8", todo), ==, 201);

  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pulled_new, ==, 1);
  g_assert_cmpuint (report->pushed_new, ==, 2);   /* Ada and her follow-up */

  quote = local_follow_up (fixture->a, "todo-from-server-1");
  g_assert_nonnull (quote);
  g_assert_cmpstr (quote->title, ==, "Send the quote");
  g_assert_cmpint (quote->customer_id, ==, ada->id);
  g_assert_cmpint (quote->due, ==, 1796202000);

  on_server = server_follow_up (fixture, call->uid, &server_text);
  g_assert_nonnull (on_server);
  g_assert_cmpstr (on_server->title, ==, "Call about the renewal");
  g_assert_cmpint (on_server->due, ==, 1796108400);
  g_assert_cmpint (on_server->priority, ==, 1);
  sync_settled (fixture, fixture->a);

  /* Edited in the server's copy (another calendar app)... */
  {
    GString *text = g_string_new (server_text);

    g_string_replace (text, "SUMMARY:Call about the renewal", "SUMMARY:Call about the renewal and the price", 1);
    edited = g_string_free (text, FALSE);
  }
  todo_path = g_strconcat (TASKS_PATH, call->uid, ".ics", NULL);
  g_assert_cmpuint (radicale_fixture_curl (fixture->server, "PUT", todo_path, "text/calendar; charset=utf-8", edited),
                    ==, 201);
  /* ...and here, another field. */
  g_free (call->notes);
  call->notes = g_strdup ("Mention the discount");
  g_assert_true (rapport_store_update_follow_up (fixture->a, call, &error));
  g_assert_no_error (error);

  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->merged, ==, 1);
  after = local_follow_up (fixture->a, call->uid);
  g_assert_cmpstr (after->title, ==, "Call about the renewal and the price");
  g_assert_cmpstr (after->notes, ==, "Mention the discount");
  g_clear_pointer (&on_server, rapport_follow_up_free);
  on_server = server_follow_up (fixture, call->uid, NULL);
  g_assert_cmpstr (on_server->title, ==, "Call about the renewal and the price");
  g_assert_cmpstr (on_server->notes, ==, "Mention the discount");
  sync_settled (fixture, fixture->a);

  /* Deleted here: gone from the server; deleted there: gone here. */
  g_assert_true (rapport_store_delete_follow_up (fixture->a, call->id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (radicale_fixture_curl (fixture->server, "DELETE", TASKS_PATH "todo-from-server-1.ics", NULL, NULL),
                    ==, 200);
  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pushed_deleted, ==, 1);
  g_assert_cmpuint (report->pulled_deleted, ==, 1);
  g_clear_pointer (&on_server, rapport_follow_up_free);
  on_server = server_follow_up (fixture, call->uid, NULL);
  g_assert_null (on_server);
  g_clear_pointer (&quote, rapport_follow_up_free);
  quote = local_follow_up (fixture->a, "todo-from-server-1");
  g_assert_null (quote);
  g_assert_cmpint (query_int (fixture->a, "SELECT count(*) FROM sync_item WHERE kind = 'follow-up'"), ==, 0);
  sync_settled (fixture, fixture->a);
}

/* A customer type this database does not know (made on another one, or a
 * category of another app) becomes a type here, and stays on the card
 * when the customer is edited here. */
static void
test_unknown_types_become_types (Fixture       *fixture,
                                 gconstpointer  data)
{
  const char *uid = "d0000000-0000-4000-8000-0000000000d1";
  g_autofree char *card = card3 (uid, "Kwame Mensah", "CATEGORIES:vip,Key Account\r\n");
  g_autoptr(RapportSyncReport) report = NULL;
  g_autoptr(RapportSyncReport) edit = NULL;
  g_autoptr(RapportCustomer) kwame = NULL;
  g_autoptr(GHashTable) cards = NULL;
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;
  gboolean found = FALSE;

  server_put (fixture, uid, card);
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pulled_new, ==, 1);
  kwame = find (fixture->a, uid);
  g_assert_cmpuint (kwame->types->len, ==, 2);
  g_assert_true (rapport_customer_has_type (kwame, "vip"));
  g_assert_true (rapport_customer_has_type (kwame, "key-account"));

  types = rapport_store_list_customer_types (fixture->a, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < types->len; i++)
    {
      RapportCustomerType *type = g_ptr_array_index (types, i);

      if (g_strcmp0 (type->key, "key-account") == 0)
        {
          g_assert_cmpstr (type->name, ==, "Key Account");
          found = TRUE;
        }
    }
  g_assert_true (found);
  sync_settled (fixture, fixture->a);

  g_free (kwame->notes);
  kwame->notes = g_strdup ("Prefers calls before noon");
  update (fixture->a, kwame);
  edit = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (edit->pushed_changed, ==, 1);
  cards = server_cards (fixture);
  text = g_hash_table_lookup (cards, uid);
  g_assert_nonnull (strstr (text, "Prefers calls before noon"));
  g_assert_nonnull (strstr (text, "vip"));
  g_assert_true (strstr (text, "Key Account") != NULL || strstr (text, "key-account") != NULL);
}

/* Another app's cards, as it wrote them: a 4.0 card with a category and
 * an ORG with units, for someone with no organization in Rapport. An
 * edit of the notes keeps the version, the ORG and the category's exact
 * text, and a later card with the category gets the same type. */
static void
test_other_apps_cards_keep_version_org_and_categories (Fixture       *fixture,
                                                       gconstpointer  data)
{
  const char *uid = "d0000000-0000-4000-8000-0000000000e1";
  const char *later_uid = "d0000000-0000-4000-8000-0000000000e2";
  g_autofree char *card = card4 (uid, "Petra Baumann",
                                 "N:Baumann;Petra;Maria;;\r\nORG:Acme GmbH;Purchasing\r\nCATEGORIES:Trade Fair\r\n");
  g_autofree char *later = card4 (later_uid, "Jonas Weber", "CATEGORIES:Trade Fair\r\n");
  g_autoptr(RapportSyncReport) report = NULL;
  g_autoptr(RapportSyncReport) edit = NULL;
  g_autoptr(RapportCustomer) petra = NULL;
  g_autoptr(RapportCustomer) jonas = NULL;
  g_autoptr(GHashTable) cards = NULL;
  const char *text;

  server_put (fixture, uid, card);
  report = sync_ok (fixture, fixture->a);
  g_clear_pointer (&report, rapport_sync_report_free);
  server_put (fixture, later_uid, later);
  report = sync_ok (fixture, fixture->a);
  petra = find (fixture->a, uid);
  jonas = find (fixture->a, later_uid);
  g_assert_true (rapport_customer_has_type (petra, "trade-fair"));
  g_assert_true (rapport_customer_has_type (jonas, "trade-fair"));
  sync_settled (fixture, fixture->a);

  edit_notes (fixture->a, uid, "Met at the trade fair");
  edit = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (edit->pushed_changed, ==, 1);
  cards = server_cards (fixture);
  text = g_hash_table_lookup (cards, uid);
  g_assert_nonnull (strstr (text, "NOTE:Met at the trade fair"));
  g_assert_nonnull (strstr (text, "VERSION:4.0"));
  g_assert_nonnull (strstr (text, "ORG:Acme GmbH;Purchasing"));
  g_assert_nonnull (strstr (text, "N:Baumann;Petra;Maria;;"));
  g_assert_nonnull (strstr (text, "CATEGORIES:Trade Fair"));
  g_assert_null (strstr (text, "trade-fair"));
  sync_settled (fixture, fixture->a);
}

static RapportNotice *
only_notice_of (RapportStore *store,
                const char   *contract_uid,
                const char   *due_date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notices = rapport_store_list_notices_all (store, -1, &error);
  RapportNotice *found = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < notices->len; i++)
    {
      RapportNotice *notice = g_ptr_array_index (notices, i);
      g_autoptr(RapportContract) contract = rapport_store_get_contract (store, notice->contract_id, &error);

      g_assert_no_error (error);
      if (g_strcmp0 (contract->uid, contract_uid) == 0 && g_strcmp0 (notice->due_date, due_date) == 0)
        {
          g_assert_null (found);
          found = rapport_store_get_notice (store, notice->id, &error);
          g_assert_no_error (error);
        }
    }
  return found;
}

static guint
server_renewals (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = radicale_fixture_url (fixture->server, TASKS_PATH);
  g_autoptr(GPtrArray) items = rapport_dav_client_list_etags_sync (fixture->client, url, NULL, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      RapportDavItem *item = g_ptr_array_index (items, i);
      g_autofree char *item_url = rapport_dav_resolve_href (url, item->href);
      g_autoptr(RapportDavResource) resource = rapport_dav_client_get_sync (fixture->client, item_url, NULL, &error);

      g_assert_no_error (error);
      if (strstr (resource->data, "CATEGORIES:Renewal") != NULL)
        n++;
    }
  return n;
}

/* Renewal notices travel with their contract: a database that never had
 * the contract learns it from the notice; a notice marked sent on one is
 * sent on the other, so nobody sends it twice; the next term's notice,
 * prepared on both, is one notice on the server; deleted on one, it is
 * gone on the other. */
static void
test_renewal_notices_both_ways (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavCollection) tasks = NULL;
  g_autofree char *tasks_url = radicale_fixture_url (fixture->server, TASKS_PATH);
  g_autoptr(RapportCustomer) anna = add_person (fixture->a, "Anna", "Müller", "anna@example.com");
  g_autoptr(RapportContract) contract = rapport_contract_new ();
  g_autoptr(RapportContract) learned = NULL;
  g_autoptr(RapportNotice) on_a = NULL;
  g_autoptr(RapportNotice) on_b = NULL;
  g_autoptr(RapportNotice) sent_on_a = NULL;
  g_autoptr(RapportNotice) next_a = NULL;
  g_autoptr(RapportNotice) next_b = NULL;
  g_autoptr(RapportNotice) gone = NULL;
  g_autoptr(RapportSyncReport) report = NULL;
  guint created = 0;

  tasks = rapport_dav_client_create_collection_sync (fixture->client, tasks_url, RAPPORT_DAV_COLLECTION_CALENDAR,
                                                     "Follow-ups", RAPPORT_DAV_COMPONENT_VTODO, NULL, &error);
  g_assert_no_error (error);
  fixture->b = open_replica (fixture, "b.db");
  add_tasks_collection (fixture, fixture->a);
  add_tasks_collection (fixture, fixture->b);

  contract->customer_id = anna->id;
  contract->product = g_strdup ("Premium-Support");
  contract->start_date = g_strdup ("2026-01-01");
  contract->end_date = g_strdup ("2026-12-31");
  contract->value = 120000;
  contract->currency = g_strdup ("EUR");
  contract->auto_renew = TRUE;
  contract->lead_days = 30;
  g_assert_true (rapport_store_add_contract (fixture->a, contract, &error));
  g_assert_no_error (error);
  g_assert_true (rapport_store_process_renewals (fixture->a, "2026-12-01", NULL, &created, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (created, ==, 1);

  sync_settled (fixture, fixture->a);
  g_assert_cmpuint (server_renewals (fixture), ==, 1);

  /* B learns the customer, the contract and the notice. */
  report = sync_ok (fixture, fixture->b);
  g_assert_cmpuint (report->pulled_new, ==, 2);
  g_assert_cmpuint (report->quarantined, ==, 0);
  on_a = only_notice_of (fixture->a, contract->uid, "2026-12-01");
  on_b = only_notice_of (fixture->b, contract->uid, "2026-12-01");
  g_assert_nonnull (on_b);
  g_assert_cmpstr (on_b->uid, ==, on_a->uid);
  g_assert_cmpstr (on_b->subject, ==, on_a->subject);
  g_assert_cmpstr (on_b->body, ==, on_a->body);
  g_assert_cmpint (on_b->state, ==, RAPPORT_NOTICE_DUE);
  learned = rapport_store_get_contract (fixture->b, on_b->contract_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (learned->product, ==, "Premium-Support");
  g_assert_cmpstr (learned->start_date, ==, "2026-01-01");
  g_assert_cmpstr (learned->end_date, ==, "2026-12-31");
  g_assert_cmpint (learned->value, ==, 120000);
  g_assert_cmpstr (learned->currency, ==, "EUR");
  g_assert_true (learned->auto_renew);
  g_assert_cmpint (learned->lead_days, ==, 30);
  sync_settled (fixture, fixture->b);

  /* Sent from B: A knows, and B preparing renewals does not make another. */
  g_assert_true (rapport_store_set_notice_state (fixture->b, on_b->id, RAPPORT_NOTICE_SENT, &error));
  g_assert_no_error (error);
  g_assert_true (rapport_store_process_renewals (fixture->b, "2026-12-01", NULL, &created, &error));
  g_assert_cmpuint (created, ==, 0);
  sync_settled (fixture, fixture->b);
  sync_settled (fixture, fixture->a);
  sent_on_a = only_notice_of (fixture->a, contract->uid, "2026-12-01");
  g_assert_cmpint (sent_on_a->state, ==, RAPPORT_NOTICE_SENT);
  g_assert_cmpint (sent_on_a->sent_at, >, 0);

  /* A year on, both roll the contract forward and prepare the next
   * notice, each on its own: one notice on the server, the same here
   * and there. */
  g_assert_true (rapport_store_process_renewals (fixture->a, "2027-12-01", NULL, &created, &error));
  g_assert_cmpuint (created, ==, 1);
  g_assert_true (rapport_store_process_renewals (fixture->b, "2027-12-01", NULL, &created, &error));
  g_assert_cmpuint (created, ==, 1);
  g_assert_no_error (error);
  sync_settled (fixture, fixture->a);
  sync_settled (fixture, fixture->b);
  sync_settled (fixture, fixture->a);
  g_assert_cmpuint (server_renewals (fixture), ==, 2);
  next_a = only_notice_of (fixture->a, contract->uid, "2027-12-01");
  next_b = only_notice_of (fixture->b, contract->uid, "2027-12-01");
  g_assert_nonnull (next_a);
  g_assert_nonnull (next_b);
  g_assert_cmpstr (next_a->uid, ==, next_b->uid);
  g_assert_cmpint (query_int (fixture->a, "SELECT count(*) FROM sync_conflict"), ==, 0);

  /* Deleted on A: gone from the server, and from B. */
  g_assert_true (rapport_store_delete_notice (fixture->a, next_a->id, &error));
  g_assert_no_error (error);
  sync_settled (fixture, fixture->a);
  g_assert_cmpuint (server_renewals (fixture), ==, 1);
  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->b);
  g_assert_cmpuint (report->pulled_deleted, ==, 1);
  gone = only_notice_of (fixture->b, contract->uid, "2027-12-01");
  g_assert_null (gone);

  /* A notice changed there whose customer is in the trash here: set
   * aside, and the sync goes on. */
  {
    g_autoptr(RapportNotice) changed = rapport_store_get_notice (fixture->a, sent_on_a->id, &error);

    g_assert_no_error (error);
    g_free (changed->subject);
    changed->subject = g_strdup ("Thank you for renewing");
    g_assert_true (rapport_store_update_notice (fixture->a, changed, &error));
    g_assert_no_error (error);
  }
  sync_settled (fixture, fixture->a);
  g_assert_true (rapport_store_delete_customer (fixture->b, learned->customer_id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->b);
  g_assert_cmpuint (report->quarantined, ==, 1);
  g_assert_cmpuint (report->pushed_deleted, ==, 1);
  {
    g_autofree char *why = query_text (fixture->b, "SELECT quarantine FROM sync_item WHERE quarantine IS NOT NULL");

    g_assert_nonnull (strstr (why, "in the trash"));
  }
}

/* The server's copy changes between our look and our write: the PUT
 * answers 412, the engine reads the server's copy, merges, and writes
 * once more. */
static void
test_precondition_failed_merges_and_retries (Fixture       *fixture,
                                             gconstpointer  data)
{
  g_autoptr(RapportCustomer) ada = add_person (fixture->a, "Ada", "Okafor", "ada@example.com");
  g_autoptr(RapportSyncReport) report = sync_ok (fixture, fixture->a);
  g_autoptr(RapportDavCollection) now = NULL;
  g_autoptr(RapportCustomer) after = NULL;
  g_autoptr(GHashTable) cards = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *edited = server_card_with (fixture, ada->uid, "NOTE", "Server note");
  g_autofree char *sql = NULL;
  g_autofree char *note = NULL;
  g_autofree char *title = NULL;

  server_put (fixture, ada->uid, edited);
  /* As if the change came after our look at the collection. */
  now = rapport_dav_client_get_collection_sync (fixture->client, fixture->book_url, NULL, &error);
  g_assert_no_error (error);
  sql = g_strdup_printf ("UPDATE sync_collection SET sync_token = '%s'", now->sync_token);
  g_assert_true (rapport_store_exec (fixture->a, sql, &error));
  g_assert_no_error (error);

  g_free (ada->job_title);
  ada->job_title = g_strdup ("Owner");
  update (fixture->a, ada);

  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->merged, ==, 1);
  g_assert_cmpuint (report->pushed_changed, ==, 1);
  g_assert_cmpuint (report->conflicts, ==, 0);

  after = find (fixture->a, ada->uid);
  g_assert_cmpstr (after->notes, ==, "Server note");
  g_assert_cmpstr (after->job_title, ==, "Owner");
  cards = server_cards (fixture);
  note = server_field (cards, ada->uid, "NOTE");
  title = server_field (cards, ada->uid, "TITLE");
  g_assert_cmpstr (note, ==, "Server note");
  g_assert_cmpstr (title, ==, "Owner");
  sync_settled (fixture, fixture->a);
}

typedef struct
{
  GCancellable *cancellable;
  guint         delay_ms;
} Canceller;

static gpointer
cancel_after (gpointer data)
{
  Canceller *canceller = data;

  g_usleep (canceller->delay_ms * 1000);
  g_cancellable_cancel (canceller->cancellable);
  return NULL;
}

static void
test_cancelled_sync_resumes (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;
  guint cancelled = 0;

  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *given = g_strdup_printf ("Person%02u", i);
      g_autoptr(RapportCustomer) customer = add_person (fixture->a, given, "Local", NULL);
      g_autofree char *uid = g_strdup_printf ("e%07u-0000-4000-8000-000000000000", i);
      g_autofree char *name = g_strdup_printf ("Remote %02u", i);
      g_autofree char *card = card3 (uid, name, NULL);

      server_put (fixture, uid, card);
    }

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      Canceller canceller = { cancellable, 100 + 200 * round };
      g_autoptr(GThread) thread = g_thread_new ("canceller", cancel_after, &canceller);
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportSyncReport) report = rapport_sync_run (fixture->a, 1, fixture->client, cancellable, &error);

      g_thread_join (g_steal_pointer (&thread));
      if (report == NULL)
        {
          g_assert_nonnull (error);
          g_test_message ("Round %u: %s", round, error->message);
          cancelled++;
        }
    }
  g_assert_cmpuint (cancelled, >, 0);

  sync_settled (fixture, fixture->a);
  local = local_state (fixture->a);
  remote = server_state (fixture);
  g_assert_cmpstr (local, ==, remote);
  g_assert_cmpuint (rapport_store_count_customers (fixture->a, NULL), ==, 60);
}

/* History: VJOURNAL in a calendar of its own */

#define HISTORY_PATH "/" RADICALE_USER "/history/"

static void
test_history_both_ways_as_vjournal (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavCollection) history = NULL;
  g_autofree char *history_url = radicale_fixture_url (fixture->server, HISTORY_PATH);
  g_autofree char *sql = g_strdup_printf ("INSERT INTO sync_collection (account_id, url, purpose)"
                                          " VALUES (1, '%s', 'history')", history_url);
  g_autoptr(RapportCustomer) ada = add_person (fixture->a, "Ada", "Okafor", NULL);
  g_autoptr(RapportInteraction) call = rapport_interaction_new ();
  g_autoptr(RapportSyncReport) report = NULL;
  g_autoptr(RapportDavResource) resource = NULL;
  g_autoptr(GPtrArray) local = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *resource_url = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *path = NULL;
  RapportInteraction *from_server = NULL;

  history = rapport_dav_client_create_collection_sync (fixture->client, history_url, RAPPORT_DAV_COLLECTION_CALENDAR,
                                                       "History", RAPPORT_DAV_COMPONENT_VJOURNAL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rapport_store_exec (fixture->a, sql, &error));
  g_assert_no_error (error);

  call->customer_id = ada->id;
  call->when = 1795000000;
  call->channel = RAPPORT_CHANNEL_PHONE;
  call->direction = RAPPORT_DIRECTION_INBOUND;
  call->subject = g_strdup ("Asked about delivery");
  call->body = g_strdup ("Wants the second order before Friday");
  g_assert_true (rapport_store_add_interaction (fixture->a, call, &error));
  g_assert_no_error (error);

  journal = g_strdup_printf ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//EN\r\n"
                             "BEGIN:VJOURNAL\r\nUID:journal-from-server-1\r\nDTSTAMP:20261101T000000Z\r\n"
                             "DTSTART:20261101T100000Z\r\nSUMMARY:Visited the shop\r\nCATEGORIES:in-person\r\n"
                             "X-RAPPORT-CUSTOMER-UID:urn:uuid:%s\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n", ada->uid);
  g_assert_cmpuint (radicale_fixture_curl (fixture->server, "PUT", HISTORY_PATH "journal-from-server-1.ics",
                                           "text/calendar; charset=utf-8", journal), ==, 201);

  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pulled_new, ==, 1);
  g_assert_cmpuint (report->pushed_new, ==, 2);

  local = rapport_store_list_interactions (fixture->a, ada->id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (local->len, ==, 2);
  for (guint i = 0; i < local->len; i++)
    if (g_strcmp0 (((RapportInteraction *) g_ptr_array_index (local, i))->uid, "journal-from-server-1") == 0)
      from_server = g_ptr_array_index (local, i);
  g_assert_nonnull (from_server);
  g_assert_cmpstr (from_server->subject, ==, "Visited the shop");
  g_assert_cmpint (from_server->when, ==, 1793527200);

  resource_url = g_strconcat (history_url, call->uid, ".ics", NULL);
  resource = rapport_dav_client_get_sync (fixture->client, resource_url, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (resource->data, "BEGIN:VJOURNAL"));
  g_assert_nonnull (strstr (resource->data, "SUMMARY:Asked about delivery"));
  sync_settled (fixture, fixture->a);

  /* Corrected in another app: the subject follows here. */
  {
    GString *text = g_string_new (resource->data);

    g_string_replace (text, "SUMMARY:Asked about delivery", "SUMMARY:Asked about the delivery date", 1);
    edited = g_string_free (text, FALSE);
  }
  path = g_strconcat (HISTORY_PATH, call->uid, ".ics", NULL);
  g_assert_cmpuint (radicale_fixture_curl (fixture->server, "PUT", path, "text/calendar; charset=utf-8", edited), ==, 201);
  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pulled_changed, ==, 1);
  {
    g_autoptr(RapportInteraction) after = rapport_store_get_interaction (fixture->a, call->id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (after->subject, ==, "Asked about the delivery date");
    g_assert_cmpstr (after->body, ==, "Wants the second order before Friday");
  }
  sync_settled (fixture, fixture->a);
}

/* 450 cards written straight into Radicale's storage: fetched with
 * multiget in batches of 200, so three requests, not 450. */
static void
test_large_book_fetched_in_batches (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *dir = radicale_fixture_collection_dir (fixture->server, BOOK_PATH);
  g_autoptr(RapportSyncReport) report = NULL;
  g_autoptr(RapportSyncReport) again = NULL;

  for (guint i = 0; i < 450; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uid = g_strdup_printf ("%08u-0000-4000-8000-000000000000", i);
      g_autofree char *name = g_strdup_printf ("Customer %03u", i);
      g_autofree char *card = card3 (uid, name, NULL);
      g_autofree char *file = g_strdup_printf ("%s/%s.vcf", dir, uid);

      g_assert_true (g_file_set_contents (file, card, -1, &error));
      g_assert_no_error (error);
    }

  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pulled_new, ==, 450);
  g_assert_cmpuint (rapport_store_count_customers (fixture->a, NULL), ==, 450);
  /* PROPFIND, sync-collection, three multigets. */
  g_assert_cmpuint (report->requests, ==, 5);

  again = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (again->requests, ==, 1);
}

/* The sync run by another process (this program with --sync-child),
 * killed with SIGKILL part way, several times, then finished here. */
static const char *test_program;

static int
run_sync_child (const char *db_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportStore) store = rapport_store_open (db_path, &error);
  g_autoptr(RapportDavClient) client = rapport_dav_client_new (10);
  g_autoptr(RapportSyncReport) report = NULL;

  if (store == NULL)
    return 2;
  rapport_dav_client_set_credentials (client, RADICALE_USER, RADICALE_PASSWORD);
  report = rapport_sync_run (store, 1, client, NULL, &error);
  return report != NULL ? 0 : 1;
}

static void
test_process_killed_mid_sync (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;
  guint killed = 0;

  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *given = g_strdup_printf ("Person%02u", i);
      g_autoptr(RapportCustomer) customer = add_person (fixture->a, given, "Local", NULL);
      g_autofree char *uid = g_strdup_printf ("d%07u-0000-4000-8000-000000000000", i);
      g_autofree char *name = g_strdup_printf ("Remote %02u", i);
      g_autofree char *card = card3 (uid, name, NULL);

      server_put (fixture, uid, card);
    }

  for (guint round = 0; round < 5; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, test_program,
                                                       "--sync-child", rapport_store_get_path (fixture->a), NULL);

      g_assert_no_error (error);
      g_usleep ((300 + 300 * round) * 1000);
      g_subprocess_force_exit (child);
      g_assert_true (g_subprocess_wait (child, NULL, &error));
      g_assert_no_error (error);
      if (g_subprocess_get_if_signaled (child))
        killed++;
      else
        g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);

      edit_notes (fixture->a, "d0000001-0000-4000-8000-000000000000", "Edited between kills");
    }
  g_test_message ("%u of 5 runs killed", killed);
  g_assert_cmpuint (killed, >, 0);

  sync_settled (fixture, fixture->a);
  local = local_state (fixture->a);
  remote = server_state (fixture);
  g_assert_cmpstr (local, ==, remote);
  g_assert_cmpuint (rapport_store_count_customers (fixture->a, NULL), ==, 120);
  g_assert_cmpint (query_int (fixture->a, "SELECT count(*) FROM sync_item WHERE dirty = 0"), ==, 120);
  g_assert_true (rapport_store_check_integrity (fixture->a, NULL));
}

/* A server without sync-collection (the proxy hides it from
 * supported-report-set): the ctag says whether anything changed, the
 * getetag listing what. */
static void
test_without_sync_collection (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaultProxy) proxy = fault_proxy_new (fixture->server->port, &error);
  g_autofree char *url = NULL;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportCustomer) ada = NULL;
  g_autoptr(RapportCustomer) ben = NULL;
  g_autoptr(RapportCustomer) chidi = NULL;
  g_autoptr(RapportSyncReport) report = NULL;
  g_autofree char *three = card3 ("c3000000-0000-4000-8000-000000000003", "Chidi Eze", NULL);
  g_autofree char *changed = card3 ("c3000000-0000-4000-8000-000000000003", "Chidi Eze-Obi", NULL);
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;

  g_assert_no_error (error);
  fault_proxy_set_rewrite (proxy, "sync-collection", "sync-xollection");
  url = fault_proxy_url (proxy, BOOK_PATH);
  store = open_replica_at (fixture, "ctag.db", url);
  ada = add_person (store, "Ada", "Okafor", NULL);
  ben = add_person (store, "Ben", "Schmidt", NULL);
  server_put (fixture, "c3000000-0000-4000-8000-000000000003", three);

  report = sync_ok (fixture, store);
  g_assert_cmpuint (report->pulled_new, ==, 1);
  g_assert_cmpuint (report->pushed_new, ==, 2);
  /* PROPFIND, getetag listing, multiget, two PUTs, PROPFIND, listing:
   * no sync-collection REPORT. */
  g_assert_cmpuint (report->requests, ==, 7);
  g_assert_cmpint (query_int (store, "SELECT ctag IS NOT NULL FROM sync_collection"), ==, 1);
  sync_settled (fixture, store);

  server_put (fixture, "c3000000-0000-4000-8000-000000000003", changed);
  server_delete (fixture, ben->uid);
  g_free (ada->notes);
  ada->notes = g_strdup ("Edited without sync-collection");
  update (store, ada);

  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, store);
  g_assert_cmpuint (report->pulled_changed, ==, 1);
  g_assert_cmpuint (report->pulled_deleted, ==, 1);
  g_assert_cmpuint (report->pushed_changed, ==, 1);
  chidi = find (store, "c3000000-0000-4000-8000-000000000003");
  g_assert_cmpstr (chidi->display_name, ==, "Chidi Eze-Obi");

  local = local_state (store);
  remote = server_state (fixture);
  g_assert_cmpstr (local, ==, remote);
  sync_settled (fixture, store);
}

/* A card whose NOTE is over the store's 1 MiB: applied with the note cut
 * here; the cut is no edit, so nothing goes back; an edit of another
 * field is pushed with the server's whole note; an edit of the note
 * itself is pushed as it is. */
static void
test_oversized_note_cut_here_kept_there (Fixture       *fixture,
                                         gconstpointer  data)
{
  const char *uid = "e6000000-0000-4000-8000-000000000006";
  g_autoptr(GString) note = g_string_new (NULL);
  g_autofree char *extra = NULL;
  g_autofree char *card = NULL;
  g_autofree char *on_server = NULL;
  g_autofree char *title = NULL;
  g_autoptr(RapportSyncReport) report = NULL;
  g_autoptr(RapportCustomer) big = NULL;
  g_autoptr(GHashTable) cards = NULL;

  /* 2 MiB of words. */
  while (note->len < 2 * 1024 * 1024)
    g_string_append_printf (note, "word%u ", (guint) (note->len % 1000));
  g_string_truncate (note, 2 * 1024 * 1024);
  g_string_append (note, "end");
  extra = g_strdup_printf ("TITLE:Buyer\r\nNOTE:%s\r\n", note->str);
  card = card3 (uid, "Nia Big", extra);
  server_put (fixture, uid, card);

  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pulled_new, ==, 1);
  g_assert_cmpuint (report->quarantined, ==, 0);
  g_assert_cmpuint (report->cut, ==, 1);
  g_assert_cmpuint (report->pushed_changed, ==, 0);

  big = find (fixture->a, uid);
  g_assert_nonnull (big);
  g_assert_cmpuint (strlen (big->notes), <=, 1024 * 1024);
  g_assert_cmpuint (strlen (big->notes), >, 1024 * 1024 - 10);
  g_assert_true (strncmp (big->notes, note->str, strlen (big->notes)) == 0);

  /* The cut is not a local edit: nothing to push. */
  sync_settled (fixture, fixture->a);
  cards = server_cards (fixture);
  on_server = server_field (cards, uid, "NOTE");
  g_assert_cmpstr (on_server, ==, note->str);
  g_clear_pointer (&cards, g_hash_table_unref);
  g_clear_pointer (&on_server, g_free);

  /* Another field edited: pushed, and the server keeps the whole note. */
  g_free (big->job_title);
  big->job_title = g_strdup ("Head of purchasing");
  update (fixture->a, big);
  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pushed_changed, ==, 1);

  cards = server_cards (fixture);
  title = server_field (cards, uid, "TITLE");
  g_assert_cmpstr (title, ==, "Head of purchasing");
  on_server = server_field (cards, uid, "NOTE");
  g_assert_cmpuint (strlen (on_server), ==, note->len);
  g_assert_cmpstr (on_server, ==, note->str);
  g_clear_pointer (&cards, g_hash_table_unref);
  g_clear_pointer (&on_server, g_free);
  sync_settled (fixture, fixture->a);

  /* Here still cut, and still the beginning of the server's note. */
  g_clear_pointer (&big, rapport_customer_free);
  big = find (fixture->a, uid);
  g_assert_cmpuint (strlen (big->notes), <=, 1024 * 1024);
  g_assert_true (strncmp (big->notes, note->str, strlen (big->notes)) == 0);

  /* The note itself edited: that edit is what the server gets. */
  g_free (big->notes);
  big->notes = g_strdup ("Rewritten here");
  update (fixture->a, big);
  g_clear_pointer (&report, rapport_sync_report_free);
  report = sync_ok (fixture, fixture->a);
  g_assert_cmpuint (report->pushed_changed, ==, 1);
  cards = server_cards (fixture);
  on_server = server_field (cards, uid, "NOTE");
  g_assert_cmpstr (on_server, ==, "Rewritten here");
  sync_settled (fixture, fixture->a);
}

static void
add_test (const char *path,
          void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_strcmp0 (argv[1], "--sync-child") == 0)
    return run_sync_child (argv[2]);

  test_program = argv[0];
  g_test_init (&argc, &argv, NULL);

  if (!g_file_test ("/usr/bin/radicale", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("Radicale is not installed");
      return g_test_run ();
    }

  add_test ("/sync/customers/first-sync-goes-both-ways", test_first_sync_both_ways);
  add_test ("/sync/customers/no-change-resync-is-one-request", test_no_change_resync_is_one_request);
  add_test ("/sync/customers/edits-go-both-ways", test_edits_both_ways);
  add_test ("/sync/customers/trashed-here-changed-there", test_trashed_here_changed_there);
  add_test ("/sync/customers/different-fields-are-merged", test_merge_different_fields);
  add_test ("/sync/customers/same-field-server-wins-and-local-copy-kept", test_conflict_server_wins_copy_kept);
  add_test ("/sync/customers/same-number-written-two-ways-is-no-conflict", test_same_number_written_two_ways);
  add_test ("/sync/customers/phone-as-typed-and-as-received", test_phone_as_typed_and_as_received);
  add_test ("/sync/customers/deletions-go-both-ways", test_deletes_both_ways);
  add_test ("/sync/customers/erased-here-gone-there-with-its-name", test_erased_here_gone_there);
  add_test ("/sync/customers/unknown-properties-survive-a-local-edit", test_unknown_properties_survive);
  add_test ("/sync/customers/unknown-types-become-types", test_unknown_types_become_types);
  add_test ("/sync/customers/oversized-note-is-cut-here-and-kept-on-the-server", test_oversized_note_cut_here_kept_there);
  add_test ("/sync/customers/other-apps-cards-keep-version-org-and-categories",
            test_other_apps_cards_keep_version_org_and_categories);
  add_test ("/sync/customers/invalid-token-resyncs-without-loss-or-duplicates", test_invalid_token_full_resync);
  add_test ("/sync/customers/server-killed-mid-sync-converges-after-restart", test_server_killed_mid_sync);
  add_test ("/sync/customers/two-replicas-and-the-server-converge", test_two_replicas_converge);
  add_test ("/sync/customers/precondition-failed-merges-and-retries", test_precondition_failed_merges_and_retries);
  add_test ("/sync/customers/cancelled-sync-resumes", test_cancelled_sync_resumes);
  add_test ("/sync/customers/process-killed-mid-sync-converges", test_process_killed_mid_sync);
  add_test ("/sync/customers/unreadable-card-is-quarantined", test_unreadable_card_is_quarantined);
  add_test ("/sync/customers/outside-values-are-kept-not-set-aside", test_outside_values_are_kept_not_set_aside);
  add_test ("/sync/customers/card-with-too-many-parameters-is-quarantined",
            test_card_with_too_many_parameters_is_quarantined);
  add_test ("/sync/customers/large-book-is-fetched-in-batches", test_large_book_fetched_in_batches);
  add_test ("/sync/customers/without-sync-collection-uses-ctag-and-etags", test_without_sync_collection);
  add_test ("/sync/customers/no-change-resync-on-the-wire", test_no_change_resync_on_the_wire);
  add_test ("/sync/follow-ups/both-ways-as-vtodo", test_follow_ups_both_ways);
  add_test ("/sync/follow-ups/other-apps-tasks-without-customer", test_other_apps_tasks_without_customer);
  add_test ("/sync/follow-ups/other-apps-tasks-matched-by-email", test_other_apps_tasks_matched_by_email);
  add_test ("/sync/history/both-ways-as-vjournal", test_history_both_ways_as_vjournal);
  add_test ("/sync/renewals/notices-both-ways-with-their-contract", test_renewal_notices_both_ways);
  add_test ("/sync/faults/unreadable-then-readable-is-one-record", test_unreadable_then_readable_is_one_record);
  add_test ("/sync/faults/lost-answer-then-cut-read", test_lost_answer_then_cut_read);
  add_test ("/sync/faults/too-many-requests-waits-as-told", test_too_many_requests_waits);
  add_test ("/sync/faults/replicas-converge-through-faults", test_replicas_converge_through_faults);

  return g_test_run ();
}
