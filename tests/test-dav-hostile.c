/* test-dav-hostile.c
 *
 * The DAV client and the sync engine against hostile servers
 * (tests/hostile-server.c): redirects to another origin, bodies without
 * end, a gzip bomb, a server that trickles, a sync token of megabytes.
 * Each must end with its own error, in bounded memory and time, with the
 * password never sent elsewhere and nothing written to the store.
 */

#include "config.h"

#include <string.h>

#include "hostile-server.h"
#include "rapport-account.h"
#include "rapport-dav.h"
#include "rapport-store-private.h"
#include "rapport-sync.h"
#include "test-util.h"

/* A generous bound for what must end on its own limit of a few seconds
 * (not a timing assertion: without the limits these ran for minutes). */
#define WATCHDOG_S 30

typedef struct
{
  HostileServer    *server;
  RapportDavClient *client;
  StoreFixture      store;
  char             *book_url;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  fixture->server = hostile_server_new (&error);
  g_assert_no_error (error);
  fixture->book_url = hostile_server_url (fixture->server, "/book/");
  fixture->client = rapport_dav_client_new (10);
  rapport_dav_client_set_origin (fixture->client, fixture->book_url);
  rapport_dav_client_set_credentials (fixture->client, HOSTILE_USER, HOSTILE_PASSWORD);
  rapport_dav_client_set_retry (fixture->client, 1, 10);

  store_fixture_set_up (&fixture->store, NULL);
  sql = g_strdup_printf ("INSERT INTO sync_account (id, uid, name, url, username, created)"
                         " VALUES (1, 'acc-1', 'Hostile', '%s', '" HOSTILE_USER "', 0);"
                         "INSERT INTO sync_collection (account_id, url, purpose)"
                         " VALUES (1, '%s', 'customers');",
                         fixture->book_url, fixture->book_url);
  g_assert_true (rapport_store_exec (fixture->store.store, sql, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->server, hostile_server_free);
  store_fixture_tear_down (&fixture->store, NULL);
  g_clear_pointer (&fixture->book_url, g_free);
}

/* The store's digest, the account's last result and the time of the
 * local scan left out (the engine writes those whatever the server
 * does): records, items, tokens and ctags are all in it. */
static char *
store_digest (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_exec (fixture->store.store,
                                     "UPDATE sync_account SET last_sync = NULL, last_result = NULL;"
                                     "UPDATE sync_collection SET scanned_at = NULL", &error));
  g_assert_no_error (error);
  return dump_database (fixture->store.path);
}

static char *
last_result (Fixture *fixture)
{
  sqlite3_stmt *stmt = rapport_store_prepare (fixture->store.store,
                                              "SELECT last_result FROM sync_account WHERE id = 1", NULL);
  char *result;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  return result;
}

/* A sync run against the server as it is now fails with @domain/@code
 * and leaves the store as it was. */
static void
assert_sync_fails_cleanly (Fixture *fixture,
                           guint    deadline,
                           GQuark   domain,
                           int      code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSyncReport) report = NULL;
  g_autofree char *before = store_digest (fixture);
  g_autofree char *after = NULL;
  g_autofree char *result = NULL;
  gint64 start = g_get_monotonic_time ();

  report = rapport_sync_run_with_deadline (fixture->store.store, 1, fixture->client, deadline, NULL, &error);
  g_assert_error (error, domain, code);
  g_assert_null (report);
  g_test_message ("%s", error->message);
  g_assert_cmpint (g_get_monotonic_time () - start, <, WATCHDOG_S * G_USEC_PER_SEC);

  result = last_result (fixture);
  g_assert_nonnull (strstr (result, error->message));
  after = store_digest (fixture);
  g_assert_cmpstr (after, ==, before);
}

static void
test_redirect_to_other_origin_keeps_password (Fixture       *fixture,
                                              gconstpointer  data)
{
  g_autoptr(HostileServer) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavCollection) collection = NULL;
  g_autofree char *target = NULL;
  g_autofree char *start = hostile_server_url (fixture->server, "/other/");

  other = hostile_server_new (&error);
  g_assert_no_error (error);
  /* The same host, another port: another origin. */
  target = hostile_server_url (other, "/open/book/");
  hostile_server_set_redirect (fixture->server, target);

  collection = rapport_dav_client_get_collection_sync (fixture->client, start, NULL, &error);
  /* The other server never saw the password, nor any request. */
  g_assert_cmpuint (hostile_server_get_authorized (other), ==, 0);
  g_assert_cmpuint (hostile_server_get_requests (other), ==, 0);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_OTHER_ORIGIN);
  g_assert_null (collection);
  g_assert_cmpstr (rapport_dav_error_get_url (error), ==, target);
  g_assert_nonnull (strstr (error->message, target));
  g_clear_error (&error);

  /* Nor when it is named directly, as a server's href could. */
  collection = rapport_dav_client_get_collection_sync (fixture->client, target, NULL, &error);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_OTHER_ORIGIN);
  g_assert_cmpstr (rapport_dav_error_get_url (error), ==, target);
  g_assert_cmpuint (hostile_server_get_authorized (other), ==, 0);
}

static void
test_discovery_to_other_origin_asks (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(HostileServer) other = NULL;
  g_autoptr(RapportDavClient) client = rapport_dav_client_new (10);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavDiscovery) discovery = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autofree char *target = NULL;
  g_autofree char *start = hostile_server_url (fixture->server, "/");
  g_autofree char *before = store_digest (fixture);
  g_autofree char *after = NULL;
  RapportAccountSetup setup = {
    .url = start,
    .username = HOSTILE_USER,
    .password = HOSTILE_PASSWORD,
    .timeout = 10,
  };

  other = hostile_server_new (&error);
  g_assert_no_error (error);
  target = hostile_server_url (other, "/open/dav/");
  hostile_server_set_redirect (fixture->server, target);

  /* "/" has no DAV here; /.well-known/carddav sends to the other origin:
   * that is the error, not "nothing found". */
  rapport_dav_client_set_credentials (client, HOSTILE_USER, HOSTILE_PASSWORD);
  discovery = rapport_dav_client_discover_sync (client, start, NULL, &error);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_OTHER_ORIGIN);
  g_assert_null (discovery);
  g_assert_cmpstr (rapport_dav_error_get_url (error), ==, target);
  g_clear_error (&error);

  /* The account setup hands it on, for rapportctl and the window to
   * offer, and stores nothing. */
  account = rapport_account_setup_sync (fixture->store.store, &setup, NULL, NULL, NULL, &error);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_OTHER_ORIGIN);
  g_assert_null (account);
  g_assert_cmpstr (rapport_dav_error_get_url (error), ==, target);
  g_assert_cmpuint (hostile_server_get_requests (other), ==, 0);
  after = store_digest (fixture);
  g_assert_cmpstr (after, ==, before);
}

static void
test_redirect_to_other_origin_confirmed (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(HostileServer) other = NULL;
  g_autoptr(RapportDavClient) client = rapport_dav_client_new (10);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavCollection) collection = NULL;
  g_autofree char *target = NULL;

  other = hostile_server_new (&error);
  g_assert_no_error (error);
  target = hostile_server_url (other, "/book/");

  /* The user entered the other address: it is the origin now. */
  rapport_dav_client_set_origin (client, target);
  rapport_dav_client_set_credentials (client, HOSTILE_USER, HOSTILE_PASSWORD);
  collection = rapport_dav_client_get_collection_sync (client, target, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (collection->name, ==, "Hostile");
  g_assert_cmpuint (hostile_server_get_authorized (other), >, 0);
}

static void
test_redirect_same_origin_keeps_working (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavCollection) collection = NULL;
  g_autofree char *start = hostile_server_url (fixture->server, "/same/");

  collection = rapport_dav_client_get_collection_sync (fixture->client, start, NULL, &error);
  g_assert_no_error (error);
  /* The password went to the redirect's target on the same origin. */
  g_assert_cmpuint (hostile_server_get_authorized (fixture->server), >, 0);
  g_assert_cmpint (collection->kind, ==, RAPPORT_DAV_COLLECTION_ADDRESSBOOK);
  g_assert_cmpstr (collection->name, ==, "Hostile");
  g_assert_cmpstr (collection->url, ==, fixture->book_url);
}

static void
test_endless_body_is_cut_at_the_limit (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavSyncResult) result = NULL;

  hostile_server_set_report (fixture->server, HOSTILE_REPORT_ENDLESS);
  rapport_dav_client_set_limits (fixture->client, 1024 * 1024, 0);

  result = rapport_dav_client_sync_collection_sync (fixture->client, fixture->book_url, NULL, NULL, &error);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TOO_LARGE);
  g_assert_null (result);
  g_clear_error (&error);

  assert_sync_fails_cleanly (fixture, 0, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TOO_LARGE);
}

static void
test_gzip_bomb_is_cut_at_the_limit (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavSyncResult) result = NULL;

  /* 10 MB of zeros in about 10 KB: the limit counts what it inflates to. */
  hostile_server_set_report (fixture->server, HOSTILE_REPORT_GZIP_BOMB);
  rapport_dav_client_set_limits (fixture->client, 1024 * 1024, 0);

  result = rapport_dav_client_sync_collection_sync (fixture->client, fixture->book_url, NULL, NULL, &error);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TOO_LARGE);
  g_assert_null (result);
  g_clear_error (&error);

  assert_sync_fails_cleanly (fixture, 0, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TOO_LARGE);
}

static void
test_trickle_meets_the_request_deadline (Fixture       *fixture,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavSyncResult) result = NULL;

  /* A byte a second never trips the idle timeout (10 s). */
  hostile_server_set_report (fixture->server, HOSTILE_REPORT_TRICKLE);
  rapport_dav_client_set_limits (fixture->client, 0, 2);

  result = rapport_dav_client_sync_collection_sync (fixture->client, fixture->book_url, NULL, NULL, &error);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TIMEOUT);
  g_assert_null (result);
  g_clear_error (&error);

  assert_sync_fails_cleanly (fixture, 0, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TIMEOUT);
}

static void
test_trickle_meets_the_run_deadline (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavCollection) collection = NULL;

  /* Each request may take a minute, the run three seconds. */
  hostile_server_set_report (fixture->server, HOSTILE_REPORT_TRICKLE);
  rapport_dav_client_set_limits (fixture->client, 0, 60);

  assert_sync_fails_cleanly (fixture, 3, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TIMEOUT);

  /* The run's deadline ends with the run. */
  hostile_server_set_report (fixture->server, HOSTILE_REPORT_EMPTY);
  collection = rapport_dav_client_get_collection_sync (fixture->client, fixture->book_url, NULL, &error);
  g_assert_no_error (error);
}

static void
test_huge_sync_token_is_refused (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavSyncResult) result = NULL;

  hostile_server_set_report (fixture->server, HOSTILE_REPORT_HUGE_TOKEN);

  result = rapport_dav_client_sync_collection_sync (fixture->client, fixture->book_url, NULL, NULL, &error);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PROTOCOL);
  g_assert_null (result);
  g_clear_error (&error);

  assert_sync_fails_cleanly (fixture, 0, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PROTOCOL);
}

static void
test_well_behaved_server_syncs (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportSyncReport) report = NULL;

  /* The fixture itself is sound: the same run with a sane answer. */
  hostile_server_set_report (fixture->server, HOSTILE_REPORT_EMPTY);
  report = rapport_sync_run (fixture->store.store, 1, fixture->client, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/dav-hostile/redirect/other-origin-gets-no-password", test_redirect_to_other_origin_keeps_password);
  ADD ("/dav-hostile/redirect/discovery-to-other-origin-asks", test_discovery_to_other_origin_asks);
  ADD ("/dav-hostile/redirect/other-origin-once-entered-works", test_redirect_to_other_origin_confirmed);
  ADD ("/dav-hostile/redirect/same-origin-keeps-working", test_redirect_same_origin_keeps_working);
  ADD ("/dav-hostile/body/endless-is-cut-at-the-limit", test_endless_body_is_cut_at_the_limit);
  ADD ("/dav-hostile/body/gzip-bomb-is-cut-at-the-limit", test_gzip_bomb_is_cut_at_the_limit);
  ADD ("/dav-hostile/deadline/trickle-meets-the-request-deadline", test_trickle_meets_the_request_deadline);
  ADD ("/dav-hostile/deadline/trickle-meets-the-run-deadline", test_trickle_meets_the_run_deadline);
  ADD ("/dav-hostile/token/huge-sync-token-is-refused", test_huge_sync_token_is_refused);
  ADD ("/dav-hostile/sane/well-behaved-server-syncs", test_well_behaved_server_syncs);

#undef ADD

  return g_test_run ();
}
