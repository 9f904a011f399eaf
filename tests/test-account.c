/* test-account.c
 *
 * Sync accounts: rows in the store, passwords in a throwaway Secret
 * Service (gnome-keyring on a private bus, tests/keyring-fixture.c), and
 * the setup against a real Radicale on 127.0.0.1
 * (tests/radicale-fixture.c), a fresh server for each test; a setup
 * that fails half-way goes through tests/fault-proxy.c.
 */

#define _GNU_SOURCE

#include "config.h"

#include <string.h>

#include <libsecret/secret.h>

#include "fault-proxy.h"
#include "keyring-fixture.h"
#include "radicale-fixture.h"
#include "rapport-account.h"
#include "test-util.h"
#include "xandikos-fixture.h"

typedef struct
{
  StoreFixture     store;
  RadicaleFixture *server;
  RapportDavClient *client;   /* for looking at the server ourselves */
  char            *home;
} AccountFixture;

static void
account_fixture_set_up (AccountFixture *fixture,
                        gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  gboolean tls = GPOINTER_TO_INT (data);

  store_fixture_set_up (&fixture->store, NULL);
  fixture->server = radicale_fixture_new (tls, &error);
  g_assert_no_error (error);
  fixture->client = rapport_dav_client_new (10);
  rapport_dav_client_set_credentials (fixture->client, RADICALE_USER, RADICALE_PASSWORD);
  if (tls)
    {
      g_autofree char *fingerprint = radicale_fixture_openssl_fingerprint (fixture->server);

      rapport_dav_client_set_trusted_certificate (fixture->client, fingerprint, &error);
      g_assert_no_error (error);
    }
  fixture->home = g_strconcat (fixture->server->url, RADICALE_USER "/", NULL);
}

static void
account_fixture_tear_down (AccountFixture *fixture,
                           gconstpointer   data)
{
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->server, radicale_fixture_free);
  g_clear_pointer (&fixture->home, g_free);
  store_fixture_tear_down (&fixture->store, NULL);
}

/* The items of our schema for @user, as another program sees them:
 * SearchItems on the Secret Service's D-Bus interface. */
static guint
count_secrets_for_user (const char *user)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) unlocked = NULL;
  g_autoptr(GVariant) locked = NULL;
  GVariantBuilder attributes;

  g_assert_no_error (error);
  g_variant_builder_init (&attributes, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&attributes, "{ss}", "xdg:schema", RAPPORT_ACCOUNT_SECRET_SCHEMA);
  g_variant_builder_add (&attributes, "{ss}", "user", user);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "SearchItems",
                                       g_variant_new ("(a{ss})", &attributes),
                                       G_VARIANT_TYPE ("(aoao)"), G_DBUS_CALL_FLAGS_NONE,
                                       -1, NULL, &error);
  g_assert_no_error (error);
  unlocked = g_variant_get_child_value (reply, 0);
  locked = g_variant_get_child_value (reply, 1);

  return (guint) (g_variant_n_children (unlocked) + g_variant_n_children (locked));
}

/* Whether @needle occurs in the database file or its WAL. */
static gboolean
database_contains (StoreFixture *fixture,
                   const char   *needle)
{
  const char *suffixes[] = { "", "-wal", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (fixture->path, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;
      if (memmem (contents, length, needle, strlen (needle)) != NULL)
        return TRUE;
    }

  return FALSE;
}

static RapportDavCollection *
make_collection (AccountFixture           *fixture,
                 const char               *slug,
                 RapportDavCollectionKind  kind,
                 const char               *name,
                 RapportDavComponents      components)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (fixture->home, slug, "/", NULL);
  RapportDavCollection *collection;

  collection = rapport_dav_client_create_collection_sync (fixture->client, url, kind, name,
                                                          components, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);
  return collection;
}

static GPtrArray *
server_collections (AccountFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *collections;

  collections = rapport_dav_client_list_collections_sync (fixture->client, fixture->home, NULL, &error);
  g_assert_no_error (error);
  return collections;
}

static const RapportDavCollection *
find_on_server (GPtrArray  *collections,
                const char *url)
{
  for (guint i = 0; i < collections->len; i++)
    {
      const RapportDavCollection *collection = g_ptr_array_index (collections, i);

      if (g_str_equal (collection->url, url))
        return collection;
    }

  return NULL;
}

static RapportAccount *
setup_account (AccountFixture  *fixture,
               const char      *password,
               const char      *book,
               const char      *tasks,
               const char      *trusted,
               RapportAccountChoices **choices,
               char           **fingerprint,
               GError         **error)
{
  RapportAccountSetup setup = {
    .url = fixture->server->url,
    .username = RADICALE_USER,
    .password = password,
    .address_book_url = book,
    .tasks_url = tasks,
    .trusted_certificate = trusted,
    .timeout = 10,
  };

  return rapport_account_setup_sync (fixture->store.store, &setup, choices, fingerprint, NULL, error);
}

/* The same setup through @proxy (the URLs it gives are the proxy's). */
static RapportAccount *
setup_account_through (FaultProxy    *proxy,
                       StoreFixture  *store,
                       GError       **error)
{
  g_autofree char *url = fault_proxy_url (proxy, "/");
  RapportAccountSetup setup = {
    .url = url,
    .username = RADICALE_USER,
    .password = RADICALE_PASSWORD,
    .timeout = 10,
  };

  return rapport_account_setup_sync (store->store, &setup, NULL, NULL, NULL, error);
}

/* The address books on the server, asked for without the proxy. */
static guint
count_address_books (GPtrArray *collections)
{
  guint books = 0;

  for (guint i = 0; i < collections->len; i++)
    books += ((const RapportDavCollection *) g_ptr_array_index (collections, i))->kind ==
             RAPPORT_DAV_COLLECTION_ADDRESSBOOK;

  return books;
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” not found in:\n%s", needle, haystack);
}

static guint
count_accounts (AccountFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = rapport_account_list (fixture->store.store, &error);

  g_assert_no_error (error);
  return accounts->len;
}

/* Tests */

static void
test_password_in_secret_service (StoreFixture  *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = g_new0 (RapportAccount, 1);
  g_autoptr(RapportAccount) read = NULL;
  const char *password = "Pa55-unique-7f3e9a";
  char *found;

  account->collections = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_account_collection_free);
  account->name = g_strdup ("amara@dav.example.com");
  account->url = g_strdup ("https://dav.example.com/");
  account->username = g_strdup ("amara");
  account->interval = 900;
  account->auto_sync = TRUE;
  g_assert_true (rapport_account_insert (fixture->store, account, &error));
  g_assert_no_error (error);
  g_assert_cmpint (account->id, >, 0);
  g_assert_nonnull (account->uid);

  g_assert_null (rapport_account_lookup_password_sync (account, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (rapport_account_store_password_sync (account, password, NULL, &error));
  g_assert_no_error (error);
  found = rapport_account_lookup_password_sync (account, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, password);
  rapport_account_password_free (found);
  g_assert_cmpuint (count_secrets_for_user ("amara"), ==, 1);

  /* Storing again replaces it. */
  g_assert_true (rapport_account_store_password_sync (account, "second-Pa55", NULL, &error));
  g_assert_cmpuint (count_secrets_for_user ("amara"), ==, 1);

  read = rapport_account_get (fixture->store, account->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->uid, ==, account->uid);
  g_assert_cmpstr (read->username, ==, "amara");
  g_assert_false (database_contains (fixture, password));
  g_assert_false (database_contains (fixture, "second-Pa55"));
  g_assert_true (database_contains (fixture, account->uid));

  g_assert_true (rapport_account_clear_password_sync (account, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (rapport_account_lookup_password_sync (account, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_secrets_for_user ("amara"), ==, 0);
  /* Clearing twice is not an error. */
  g_assert_true (rapport_account_clear_password_sync (account, NULL, &error));

  /* Without a password there is no client. */
  g_assert_null (rapport_account_dup_client_sync (account, 0, NULL, &error));
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_AUTH);
}

static void
test_store_update_and_remove (StoreFixture  *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = g_new0 (RapportAccount, 1);
  g_autoptr(RapportAccount) read = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  RapportAccountCollection *collection = g_new0 (RapportAccountCollection, 1);

  account->collections = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_account_collection_free);
  account->name = g_strdup ("work");
  account->url = g_strdup ("https://dav.example.com/");
  account->username = g_strdup ("amara");
  account->interval = 900;
  account->auto_sync = TRUE;
  collection->purpose = RAPPORT_ACCOUNT_PURPOSE_TASKS;
  collection->url = g_strdup ("https://dav.example.com/amara/tasks/");
  g_ptr_array_add (account->collections, collection);
  g_assert_true (rapport_account_insert (fixture->store, account, &error));

  account->interval = 3600;
  account->auto_sync = FALSE;
  account->certificate = g_strdup ("AB:CD");
  g_assert_true (rapport_account_update (fixture->store, account, &error));
  g_assert_no_error (error);

  read = rapport_account_get (fixture->store, account->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->interval, ==, 3600);
  g_assert_false (read->auto_sync);
  g_assert_cmpstr (read->certificate, ==, "AB:CD");
  g_assert_cmpuint (read->collections->len, ==, 1);
  g_assert_cmpstr (rapport_account_get_collection (read, RAPPORT_ACCOUNT_PURPOSE_TASKS)->url, ==,
                   "https://dav.example.com/amara/tasks/");
  g_assert_null (rapport_account_get_collection (read, RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS));

  /* Too short an interval is refused. */
  account->interval = 5;
  g_assert_false (rapport_account_update (fixture->store, account, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_clear_error (&error);

  conflicts = rapport_account_list_conflicts (fixture->store, account->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 0);

  g_assert_true (rapport_account_remove (fixture->store, account->id, &error));
  g_assert_no_error (error);
  g_assert_false (rapport_account_remove (fixture->store, account->id, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (rapport_account_get (fixture->store, account->id, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND);
}

static void
test_setup_creates_collections (AccountFixture *fixture,
                                gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(RapportAccount) read = NULL;
  g_autoptr(GPtrArray) collections = NULL;
  g_autoptr(RapportDavClient) client = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  const RapportAccountCollection *book, *tasks, *history;
  const RapportDavCollection *remote;
  char *password;

  collections = server_collections (fixture);
  g_assert_cmpuint (collections->len, ==, 0);
  g_clear_pointer (&collections, g_ptr_array_unref);

  account = setup_account (fixture, RADICALE_PASSWORD, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  g_assert_cmpint (account->id, >, 0);
  g_assert_cmpstr (account->name, ==, RADICALE_USER "@127.0.0.1");
  g_assert_null (account->certificate);

  collections = server_collections (fixture);
  g_assert_cmpuint (collections->len, ==, 3);

  book = rapport_account_get_collection (account, RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS);
  tasks = rapport_account_get_collection (account, RAPPORT_ACCOUNT_PURPOSE_TASKS);
  history = rapport_account_get_collection (account, RAPPORT_ACCOUNT_PURPOSE_HISTORY);
  g_assert_nonnull (book);
  g_assert_nonnull (tasks);
  g_assert_nonnull (history);

  remote = find_on_server (collections, book->url);
  g_assert_nonnull (remote);
  g_assert_cmpint (remote->kind, ==, RAPPORT_DAV_COLLECTION_ADDRESSBOOK);
  g_assert_cmpstr (remote->name, ==, "Rapport customers");
  remote = find_on_server (collections, tasks->url);
  g_assert_nonnull (remote);
  g_assert_cmpuint (remote->components, ==, RAPPORT_DAV_COMPONENT_VTODO);
  g_assert_cmpstr (remote->name, ==, "Rapport follow-ups");
  remote = find_on_server (collections, history->url);
  g_assert_nonnull (remote);
  g_assert_cmpuint (remote->components, ==, RAPPORT_DAV_COMPONENT_VJOURNAL);

  /* Stored: rows, collections, and the password in the keyring only. */
  read = rapport_account_get (fixture->store.store, account->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->collections->len, ==, 3);
  g_assert_cmpstr (rapport_account_get_collection (read, RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS)->url, ==, book->url);
  password = rapport_account_lookup_password_sync (read, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, RADICALE_PASSWORD);
  rapport_account_password_free (password);
  g_assert_false (database_contains (&fixture->store, RADICALE_PASSWORD));

  /* The client made for the account logs in. */
  client = rapport_account_dup_client_sync (read, 10, NULL, &error);
  g_assert_no_error (error);
  listed = rapport_dav_client_list_collections_sync (client, fixture->home, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 3);

  /* The same account twice is refused before the server is asked. */
  g_assert_null (setup_account (fixture, RADICALE_PASSWORD, NULL, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_CONFLICT);
  g_assert_cmpuint (count_accounts (fixture), ==, 1);

  g_assert_true (rapport_account_clear_password_sync (read, NULL, NULL));
}

static void
test_setup_uses_the_only_ones (AccountFixture *fixture,
                               gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(RapportDavCollection) book = NULL;
  g_autoptr(RapportDavCollection) tasks = NULL;
  g_autoptr(RapportDavCollection) events = NULL;
  g_autoptr(GPtrArray) collections = NULL;

  book = make_collection (fixture, "team", RAPPORT_DAV_COLLECTION_ADDRESSBOOK, "Team", 0);
  tasks = make_collection (fixture, "todo", RAPPORT_DAV_COLLECTION_CALENDAR, "To do", RAPPORT_DAV_COMPONENT_VTODO);
  /* A calendar of events only is no candidate for the follow-ups. */
  events = make_collection (fixture, "events", RAPPORT_DAV_COLLECTION_CALENDAR, "Events", RAPPORT_DAV_COMPONENT_VEVENT);

  account = setup_account (fixture, RADICALE_PASSWORD, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_account_get_collection (account, RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS)->url, ==, book->url);
  g_assert_cmpstr (rapport_account_get_collection (account, RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS)->display_name, ==, "Team");
  g_assert_cmpstr (rapport_account_get_collection (account, RAPPORT_ACCOUNT_PURPOSE_TASKS)->url, ==, tasks->url);

  /* Only the history calendar was made. */
  collections = server_collections (fixture);
  g_assert_cmpuint (collections->len, ==, 4);
  g_assert_nonnull (find_on_server (collections,
                                    rapport_account_get_collection (account, RAPPORT_ACCOUNT_PURPOSE_HISTORY)->url));
  g_assert_cmpstr (rapport_account_get_collection (account, RAPPORT_ACCOUNT_PURPOSE_HISTORY)->url, !=, tasks->url);

  g_assert_true (rapport_account_clear_password_sync (account, NULL, NULL));
}

static void
test_setup_ambiguous_then_chosen (AccountFixture *fixture,
                                  gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(RapportAccountChoices) choices = NULL;
  g_autoptr(RapportDavCollection) book1 = NULL;
  g_autoptr(RapportDavCollection) book2 = NULL;
  g_autoptr(RapportDavCollection) tasks1 = NULL;
  g_autoptr(RapportDavCollection) tasks2 = NULL;
  g_autoptr(GPtrArray) collections = NULL;

  book1 = make_collection (fixture, "clients", RAPPORT_DAV_COLLECTION_ADDRESSBOOK, "Clients", 0);
  book2 = make_collection (fixture, "family", RAPPORT_DAV_COLLECTION_ADDRESSBOOK, "Family", 0);
  tasks1 = make_collection (fixture, "work", RAPPORT_DAV_COLLECTION_CALENDAR, "Work", RAPPORT_DAV_COMPONENT_VTODO);
  tasks2 = make_collection (fixture, "home", RAPPORT_DAV_COLLECTION_CALENDAR, "Home",
                            RAPPORT_DAV_COMPONENT_VTODO | RAPPORT_DAV_COMPONENT_VEVENT);

  account = setup_account (fixture, RADICALE_PASSWORD, NULL, NULL, NULL, &choices, NULL, &error);
  g_assert_null (account);
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_AMBIGUOUS);
  g_assert_nonnull (strstr (error->message, book1->url));
  g_assert_nonnull (strstr (error->message, book2->url));
  g_assert_nonnull (strstr (error->message, tasks1->url));
  g_assert_nonnull (strstr (error->message, tasks2->url));
  g_assert_nonnull (choices);
  g_assert_cmpuint (choices->address_books->len, ==, 2);
  g_assert_cmpuint (choices->task_calendars->len, ==, 2);
  g_assert_cmpuint (choices->history_calendars->len, ==, 0);
  g_clear_error (&error);

  /* Nothing stored, nothing made on the server. */
  g_assert_cmpuint (count_accounts (fixture), ==, 0);
  g_assert_cmpuint (count_secrets_for_user (RADICALE_USER), ==, 0);
  collections = server_collections (fixture);
  g_assert_cmpuint (collections->len, ==, 4);
  g_clear_pointer (&collections, g_ptr_array_unref);

  /* One choice given, the other still open. */
  g_clear_pointer (&choices, rapport_account_choices_free);
  g_assert_null (setup_account (fixture, RADICALE_PASSWORD, book2->url, NULL, NULL, &choices, NULL, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_AMBIGUOUS);
  g_assert_null (strstr (error->message, book1->url));
  g_assert_nonnull (strstr (error->message, tasks1->url));
  g_clear_error (&error);
  g_clear_pointer (&choices, rapport_account_choices_free);

  /* A calendar given where an address book is wanted. */
  g_assert_null (setup_account (fixture, RADICALE_PASSWORD, tasks1->url, tasks1->url, NULL, NULL, NULL, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_clear_error (&error);

  /* The options choose (written without the trailing slash). */
  {
    g_autofree char *tasks_bare = g_strndup (tasks2->url, strlen (tasks2->url) - 1);

    account = setup_account (fixture, RADICALE_PASSWORD, book2->url, tasks_bare, NULL, &choices, NULL, &error);
  }
  g_assert_no_error (error);
  g_assert_null (choices);
  g_assert_cmpstr (rapport_account_get_collection (account, RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS)->url, ==, book2->url);
  g_assert_cmpstr (rapport_account_get_collection (account, RAPPORT_ACCOUNT_PURPOSE_TASKS)->url, ==, tasks2->url);
  g_assert_cmpuint (count_accounts (fixture), ==, 1);
  g_assert_cmpuint (count_secrets_for_user (RADICALE_USER), ==, 1);

  g_assert_true (rapport_account_clear_password_sync (account, NULL, NULL));
}

static void
test_setup_wrong_password (AccountFixture *fixture,
                           gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(GPtrArray) collections = NULL;

  account = setup_account (fixture, "wrong horse", NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_null (account);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_AUTH);
  g_assert_null (strstr (error->message, "wrong horse"));

  g_assert_cmpuint (count_accounts (fixture), ==, 0);
  g_assert_cmpuint (count_secrets_for_user (RADICALE_USER), ==, 0);
  g_assert_false (database_contains (&fixture->store, "wrong horse"));
  collections = server_collections (fixture);
  g_assert_cmpuint (collections->len, ==, 0);
}

static void
test_setup_self_signed (AccountFixture *fixture,
                        gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(RapportAccount) read = NULL;
  g_autoptr(RapportDavClient) client = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autofree char *expected = radicale_fixture_openssl_fingerprint (fixture->server);
  g_autofree char *fingerprint = NULL;

  account = setup_account (fixture, RADICALE_PASSWORD, NULL, NULL, NULL, NULL, &fingerprint, &error);
  g_assert_null (account);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_cmpstr (fingerprint, ==, expected);
  g_clear_error (&error);
  g_assert_cmpuint (count_accounts (fixture), ==, 0);
  g_assert_cmpuint (count_secrets_for_user (RADICALE_USER), ==, 0);

  /* Trusted once the user has seen it. */
  g_clear_pointer (&fingerprint, g_free);
  account = setup_account (fixture, RADICALE_PASSWORD, NULL, NULL, expected, NULL, &fingerprint, &error);
  g_assert_no_error (error);
  g_assert_null (fingerprint);
  g_assert_cmpstr (account->certificate, ==, expected);

  read = rapport_account_get (fixture->store.store, account->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->certificate, ==, expected);
  g_assert_cmpstr (read->url, ==, fixture->server->url);

  /* The account's client trusts that certificate. */
  client = rapport_account_dup_client_sync (read, 10, NULL, &error);
  g_assert_no_error (error);
  listed = rapport_dav_client_list_collections_sync (client, fixture->home, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 3);

  g_assert_true (rapport_account_clear_password_sync (account, NULL, NULL));
}

static void
test_setup_failing_undoes (AccountFixture *fixture,
                           gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaultProxy) proxy = fault_proxy_new (fixture->server->port, &error);
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(GPtrArray) collections = NULL;

  g_assert_no_error (error);
  /* The address book is made, then the calendar fails. */
  fault_proxy_refuse_method (proxy, "MKCALENDAR", 500, "Calendar storage is offline");

  account = setup_account_through (proxy, &fixture->store, &error);
  g_assert_null (account);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_SERVER);
  g_test_message ("%s", error->message);
  /* What failed, where, and the server's reason. */
  assert_contains (error->message, "could not create the calendar “Rapport follow-ups”");
  assert_contains (error->message, "/" RADICALE_USER "/rapport-follow-ups/");
  assert_contains (error->message, "Calendar storage is offline");
  g_assert_null (strstr (error->message, "still on the server"));

  /* The address book made on the way is gone again, and nothing is
   * stored here. */
  collections = server_collections (fixture);
  g_assert_cmpuint (collections->len, ==, 0);
  g_assert_cmpuint (count_accounts (fixture), ==, 0);
  g_assert_cmpuint (count_secrets_for_user (RADICALE_USER), ==, 0);
  g_assert_false (database_contains (&fixture->store, RADICALE_PASSWORD));
}

static void
test_setup_takes_what_a_failed_one_left (AccountFixture *fixture,
                                         gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FaultProxy) proxy = fault_proxy_new (fixture->server->port, &error);
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(GPtrArray) collections = NULL;
  g_autoptr(RapportDavCollection) contacts = NULL;
  g_autofree char *left_path = NULL;
  const RapportDavCollection *left;
  const char *book_url;

  g_assert_no_error (error);
  /* The calendar fails, and so does removing the address book again. */
  fault_proxy_refuse_method (proxy, "MKCALENDAR", 500, "Calendar storage is offline");
  fault_proxy_refuse_method (proxy, "DELETE", 403, "Deleting is switched off");

  account = setup_account_through (proxy, &fixture->store, &error);
  g_assert_null (account);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_SERVER);
  g_test_message ("%s", error->message);
  assert_contains (error->message, "could not create the calendar “Rapport follow-ups”");
  assert_contains (error->message, "Calendar storage is offline");
  /* The user learns what was left, and why. */
  assert_contains (error->message, "The address book “Rapport customers”");
  assert_contains (error->message, "/" RADICALE_USER "/rapport-customers/ is still on the server");
  assert_contains (error->message, "Deleting is switched off");
  g_clear_error (&error);
  g_assert_cmpuint (count_accounts (fixture), ==, 0);
  g_assert_cmpuint (count_secrets_for_user (RADICALE_USER), ==, 0);

  collections = server_collections (fixture);
  g_assert_cmpuint (collections->len, ==, 1);
  left = g_ptr_array_index (collections, 0);
  g_assert_cmpint (left->kind, ==, RAPPORT_DAV_COLLECTION_ADDRESSBOOK);
  g_assert_cmpstr (left->name, ==, "Rapport customers");
  left_path = g_strdup (left->url + strlen (fixture->server->url) - 1);
  g_assert_cmpstr (left_path, ==, "/" RADICALE_USER "/rapport-customers/");
  g_clear_pointer (&collections, g_ptr_array_unref);

  /* Meanwhile another app made an address book of its own: Rapport's is
   * still recognised, and neither a second one is made nor is the user
   * asked to choose. */
  contacts = make_collection (fixture, "contacts", RAPPORT_DAV_COLLECTION_ADDRESSBOOK, "Contacts", 0);

  fault_proxy_refuse_method (proxy, "MKCALENDAR", 0, NULL);
  fault_proxy_refuse_method (proxy, "DELETE", 0, NULL);
  account = setup_account_through (proxy, &fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  book_url = rapport_account_get_collection (account, RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS)->url;
  g_assert_true (g_str_has_suffix (book_url, left_path));
  g_assert_cmpstr (rapport_account_get_collection (account, RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS)->display_name,
                   ==, "Rapport customers");

  /* Two address books: the other app's and the one Rapport made first. */
  collections = server_collections (fixture);
  g_assert_cmpuint (count_address_books (collections), ==, 2);
  g_assert_cmpuint (collections->len, ==, 4);
  g_assert_cmpuint (count_accounts (fixture), ==, 1);
  g_assert_cmpuint (count_secrets_for_user (RADICALE_USER), ==, 1);

  g_assert_true (rapport_account_clear_password_sync (account, NULL, NULL));
}

/* A second computer, on a server where every calendar takes everything
 * (Xandikos unless told otherwise): the collections the first one made
 * are recognised, each for what it was made for. */
static void
test_setup_second_computer (AccountFixture *fixture,
                            gconstpointer   data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(RapportDavCollection) contacts = NULL;
  g_autoptr(RapportDavCollection) personal = NULL;
  g_autoptr(RapportDavCollection) book = NULL;
  g_autoptr(RapportDavCollection) tasks = NULL;
  g_autoptr(RapportDavCollection) history = NULL;
  g_autoptr(GPtrArray) collections = NULL;

  contacts = make_collection (fixture, "contacts", RAPPORT_DAV_COLLECTION_ADDRESSBOOK, "Contacts", 0);
  personal = make_collection (fixture, "calendar", RAPPORT_DAV_COLLECTION_CALENDAR, "Personal",
                              RAPPORT_DAV_COMPONENT_ALL);
  /* As the first computer made them, where "rapport-customers/" was taken
   * and the history calendar is said to take everything. */
  book = make_collection (fixture, "rapport-customers-0a1b2c3d", RAPPORT_DAV_COLLECTION_ADDRESSBOOK,
                          "Kunden (Rapport)", 0);
  tasks = make_collection (fixture, "rapport-follow-ups", RAPPORT_DAV_COLLECTION_CALENDAR, "Rapport follow-ups",
                           RAPPORT_DAV_COMPONENT_ALL);
  history = make_collection (fixture, "rapport-history", RAPPORT_DAV_COLLECTION_CALENDAR, "Rapport history",
                             RAPPORT_DAV_COMPONENT_ALL);
  /* Not Rapport's, though the name is close. */
  {
    g_autoptr(RapportDavCollection) lookalike = NULL;

    lookalike = make_collection (fixture, "rapport-customers-old", RAPPORT_DAV_COLLECTION_ADDRESSBOOK,
                                 "Rapport customers", 0);
  }

  account = setup_account (fixture, RADICALE_PASSWORD, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rapport_account_get_collection (account, RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS)->url, ==, book->url);
  g_assert_cmpstr (rapport_account_get_collection (account, RAPPORT_ACCOUNT_PURPOSE_TASKS)->url, ==, tasks->url);
  g_assert_cmpstr (rapport_account_get_collection (account, RAPPORT_ACCOUNT_PURPOSE_HISTORY)->url, ==, history->url);

  /* Nothing was made. */
  collections = server_collections (fixture);
  g_assert_cmpuint (collections->len, ==, 6);

  g_assert_true (rapport_account_clear_password_sync (account, NULL, NULL));
}

/* Point 11 of issue 11, on a real Xandikos as --defaults leaves it (one
 * calendar that takes everything, one address book): the first computer
 * takes those two and makes "rapport-history/", which Xandikos says takes
 * tasks too. The second computer, with a store of its own, is not asked
 * to choose between the user's calendar and Rapport's history: it takes
 * what the first one took. */
static void
test_setup_second_computer_on_xandikos (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XandikosFixture) server = xandikos_fixture_new (&error);
  StoreFixture first = { 0 };
  StoreFixture second = { 0 };
  g_autoptr(RapportAccount) account_1 = NULL;
  g_autoptr(RapportAccount) account_2 = NULL;
  RapportAccountSetup setup = {
    .username = XANDIKOS_USER,
    .password = "unused by Xandikos",
    .timeout = 10,
  };

  g_assert_no_error (error);
  setup.url = server->url;
  store_fixture_set_up (&first, NULL);
  store_fixture_set_up (&second, NULL);

  account_1 = rapport_account_setup_sync (first.store, &setup, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (rapport_account_get_collection (account_1, RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS)->url,
                                   "/user/contacts/addressbook/"));
  g_assert_true (g_str_has_suffix (rapport_account_get_collection (account_1, RAPPORT_ACCOUNT_PURPOSE_TASKS)->url,
                                   "/user/calendars/calendar/"));
  g_assert_true (g_str_has_suffix (rapport_account_get_collection (account_1, RAPPORT_ACCOUNT_PURPOSE_HISTORY)->url,
                                   "/user/calendars/rapport-history/"));

  account_2 = rapport_account_setup_sync (second.store, &setup, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint purpose = RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS; purpose <= RAPPORT_ACCOUNT_PURPOSE_HISTORY; purpose++)
    g_assert_cmpstr (rapport_account_get_collection (account_2, purpose)->url, ==,
                     rapport_account_get_collection (account_1, purpose)->url);

  g_assert_true (rapport_account_clear_password_sync (account_1, NULL, NULL));
  g_assert_true (rapport_account_clear_password_sync (account_2, NULL, NULL));
  store_fixture_tear_down (&first, NULL);
  store_fixture_tear_down (&second, NULL);
}

static void
test_status_text (void)
{
  g_autoptr(RapportAccount) account = g_new0 (RapportAccount, 1);
  g_autofree char *never = NULL;
  g_autofree char *recent = NULL;
  g_autofree char *hours = NULL;

  account->collections = g_ptr_array_new ();
  never = rapport_account_dup_status_text (account, 1000000);
  g_assert_cmpstr (never, ==, "Not synced yet.");

  account->last_sync = 1000000 - 5 * 60;
  account->last_result = g_strdup ("2 customers received.");
  recent = rapport_account_dup_status_text (account, 1000000);
  g_assert_cmpstr (recent, ==, "2 customers received (5 minutes ago)");

  account->last_sync = 1000000 - 3 * 3600 - 10;
  g_clear_pointer (&account->last_result, g_free);
  hours = rapport_account_dup_status_text (account, 1000000);
  g_assert_cmpstr (hours, ==, "Last synced 3 hours ago.");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status = keyring_fixture_reexec (argc, argv);
  int result;

  if (status >= 0)
    return status;

  g_test_init (&argc, &argv, NULL);

  if (!keyring_fixture_start (&error))
    g_error ("No Secret Service for the tests: %s", error->message);

  g_test_add ("/sync/account/password-lives-in-the-secret-service-not-the-database", StoreFixture, NULL,
              store_fixture_set_up, test_password_in_secret_service, store_fixture_tear_down);
  g_test_add ("/sync/account/settings-are-updated-and-the-account-removed", StoreFixture, NULL,
              store_fixture_set_up, test_store_update_and_remove, store_fixture_tear_down);
  g_test_add ("/sync/account/setup-creates-the-collections-when-there-are-none", AccountFixture, NULL,
              account_fixture_set_up, test_setup_creates_collections, account_fixture_tear_down);
  g_test_add ("/sync/account/setup-uses-the-only-address-book-and-task-calendar", AccountFixture, NULL,
              account_fixture_set_up, test_setup_uses_the_only_ones, account_fixture_tear_down);
  g_test_add ("/sync/account/setup-with-several-asks-and-the-options-choose", AccountFixture, NULL,
              account_fixture_set_up, test_setup_ambiguous_then_chosen, account_fixture_tear_down);
  g_test_add ("/sync/account/wrong-password-stores-nothing", AccountFixture, NULL,
              account_fixture_set_up, test_setup_wrong_password, account_fixture_tear_down);
  g_test_add ("/sync/account/self-signed-certificate-refused-until-trusted", AccountFixture, GINT_TO_POINTER (TRUE),
              account_fixture_set_up, test_setup_self_signed, account_fixture_tear_down);
  g_test_add ("/sync/account/setup-failing-at-the-calendar-removes-what-it-made", AccountFixture, NULL,
              account_fixture_set_up, test_setup_failing_undoes, account_fixture_tear_down);
  g_test_add ("/sync/account/setup-takes-the-address-book-a-failed-setup-left", AccountFixture, NULL,
              account_fixture_set_up, test_setup_takes_what_a_failed_one_left, account_fixture_tear_down);
  g_test_add ("/sync/account/setup-on-a-second-computer-takes-what-rapport-made", AccountFixture, NULL,
              account_fixture_set_up, test_setup_second_computer, account_fixture_tear_down);
  g_test_add_func ("/sync/account/setup-on-a-second-computer-on-xandikos", test_setup_second_computer_on_xandikos);
  g_test_add_func ("/sync/account/status-in-plain-words", test_status_text);

  result = g_test_run ();

  secret_service_disconnect ();
  keyring_fixture_stop ();
  return result;
}
