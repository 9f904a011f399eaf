/* test-dav-apache.c
 *
 * The DAV client against a real Apache httpd on 127.0.0.1
 * (tests/apache-fixture.c): mod_dav_fs behind Digest authentication,
 * HTTP/1.1 with keep-alive, what Radicale (Basic only, one request per
 * connection) cannot show. A fresh server and folder for each test;
 * Apache's access log tells which user each request came as and over
 * which connection.
 */

#include "config.h"

#include <string.h>

#include "apache-fixture.h"
#include "rapport-dav.h"

#define VCARD_TYPE "text/vcard; charset=utf-8"
#define CARD \
  "BEGIN:VCARD\r\n" \
  "VERSION:3.0\r\n" \
  "UID:apache-1\r\n" \
  "FN:Amara Okafor\r\n" \
  "END:VCARD\r\n"
#define CARD_CHANGED \
  "BEGIN:VCARD\r\n" \
  "VERSION:3.0\r\n" \
  "UID:apache-1\r\n" \
  "FN:Amara Okafor-Berg\r\n" \
  "END:VCARD\r\n"
#define GETS 20

typedef struct
{
  ApacheFixture    *server;
  RapportDavClient *client;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = apache_fixture_new (&error);
  g_assert_no_error (error);
  fixture->client = rapport_dav_client_new (10);
  rapport_dav_client_set_credentials (fixture->client, APACHE_USER, APACHE_PASSWORD);
  rapport_dav_client_set_retry (fixture->client, 3, 20);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->server, apache_fixture_free);
}

static void
print_log (GPtrArray *entries)
{
  for (guint i = 0; i < entries->len; i++)
    {
      ApacheLogEntry *entry = g_ptr_array_index (entries, i);

      g_test_message ("apache: port %u keep-alive %u %s %s %u user %s",
                      entry->remote_port, entry->keepalive, entry->method, entry->path,
                      entry->status, entry->user != NULL ? entry->user : "-");
    }
}

/* The access log once it holds @count answers that were not a
 * challenge (Apache writes each line after its answer went out). */
static GPtrArray *
read_log_answered (Fixture *fixture,
                   guint    count)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GPtrArray) entries = apache_fixture_read_log (fixture->server, 0);
      guint answered = 0;

      for (guint i = 0; i < entries->len; i++)
        if (((ApacheLogEntry *) g_ptr_array_index (entries, i))->status != 401)
          answered++;
      if (answered >= count || g_get_monotonic_time () >= deadline)
        return g_steal_pointer (&entries);
      g_usleep (20 * 1000);
    }
}

static RapportDavResource *
get_ok (Fixture    *fixture,
        const char *url)
{
  g_autoptr(GError) error = NULL;
  RapportDavResource *resource = rapport_dav_client_get_sync (fixture->client, url, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (resource);
  g_assert_cmpuint (resource->status, ==, 200);
  g_assert_nonnull (resource->etag);
  return resource;
}

static void
test_digest_put_get_delete (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = apache_fixture_url (fixture->server, "/dav/amara.vcf");
  g_autofree char *etag = NULL;
  g_autoptr(RapportDavResource) first = NULL;
  g_autoptr(RapportDavResource) second = NULL;
  g_autoptr(RapportDavResource) gone = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  guint authenticated = 0;
  gboolean ok;

  /* Created: If-None-Match: *, the body sent again after the 401. */
  ok = rapport_dav_client_put_sync (fixture->client, url, VCARD_TYPE, CARD, strlen (CARD),
                                    NULL, &etag, NULL, &error);
  if (!ok)
    {
      g_autofree char *errors = apache_fixture_dup_errors (fixture->server);

      entries = apache_fixture_read_log (fixture->server, 1);
      print_log (entries);
      g_test_message ("%s", errors);
    }
  g_assert_no_error (error);
  g_assert_true (ok);
  g_test_message ("ETag of the PUT: %s", etag != NULL ? etag : "(none)");

  /* Taken already: If-None-Match: * fails. */
  ok = rapport_dav_client_put_sync (fixture->client, url, VCARD_TYPE, CARD, strlen (CARD),
                                    NULL, NULL, NULL, &error);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PRECONDITION);
  g_assert_false (ok);
  g_clear_error (&error);

  /* mod_dav_fs gives no ETag to a PUT, and for a file changed in the
   * last second a weak one (Apache's ap_make_etag()), which If-Match,
   * comparing strongly, never matches. Read it back once it is older. */
  {
    g_autoptr(RapportDavResource) fresh = get_ok (fixture, url);

    g_test_message ("ETag of a GET right after the PUT: %s", fresh->etag);
  }
  g_usleep (1100 * 1000);
  first = get_ok (fixture, url);
  g_assert_false (g_str_has_prefix (first->etag, "W/"));
  g_assert_cmpuint (first->length, ==, strlen (CARD));
  g_assert_cmpmem (first->data, first->length, CARD, strlen (CARD));
  g_test_message ("ETag of the GET: %s", first->etag);

  /* Somebody else's version. */
  ok = rapport_dav_client_put_sync (fixture->client, url, VCARD_TYPE,
                                    CARD_CHANGED, strlen (CARD_CHANGED),
                                    "\"not-the-etag\"", NULL, NULL, &error);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PRECONDITION);
  g_assert_false (ok);
  g_clear_error (&error);

  /* Ours. */
  g_clear_pointer (&etag, g_free);
  ok = rapport_dav_client_put_sync (fixture->client, url, VCARD_TYPE,
                                    CARD_CHANGED, strlen (CARD_CHANGED),
                                    first->etag, &etag, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  g_usleep (1100 * 1000);
  second = get_ok (fixture, url);
  g_assert_false (g_str_has_prefix (second->etag, "W/"));
  g_assert_cmpmem (second->data, second->length, CARD_CHANGED, strlen (CARD_CHANGED));
  g_assert_cmpstr (second->etag, !=, first->etag);

  /* The old ETag no longer deletes it; the new one does. */
  ok = rapport_dav_client_delete_sync (fixture->client, url, first->etag, NULL, &error);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PRECONDITION);
  g_assert_false (ok);
  g_clear_error (&error);
  ok = rapport_dav_client_delete_sync (fixture->client, url, second->etag, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  gone = rapport_dav_client_get_sync (fixture->client, url, NULL, &error);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_NOT_FOUND);
  g_assert_null (gone);

  /* PUT, PUT, GET, GET, PUT, PUT, GET, DELETE, DELETE, GET, and the
   * 401s. */
  entries = read_log_answered (fixture, 10);
  print_log (entries);
  for (guint i = 0; i < entries->len; i++)
    {
      ApacheLogEntry *entry = g_ptr_array_index (entries, i);

      g_assert_cmpstr (entry->path, ==, "/dav/amara.vcf");
      if (entry->status == 401)
        continue;
      /* Every answer but a challenge went to the Digest user. */
      g_assert_cmpstr (entry->user, ==, APACHE_USER);
      authenticated++;
    }
  g_assert_cmpuint (authenticated, ==, 10);
}

static void
test_digest_wrong_password (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = apache_fixture_url (fixture->server, "/dav/amara.vcf");
  g_autoptr(RapportDavResource) resource = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gboolean ok;

  rapport_dav_client_set_credentials (fixture->client, APACHE_USER, "not-the-password");
  ok = rapport_dav_client_put_sync (fixture->client, url, VCARD_TYPE, CARD, strlen (CARD),
                                    NULL, NULL, NULL, &error);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "user name or password"));
  g_assert_null (strstr (error->message, "not-the-password"));
  g_assert_false (ok);
  g_clear_error (&error);

  resource = rapport_dav_client_get_sync (fixture->client, url, NULL, &error);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_AUTH);
  g_assert_null (resource);
  g_clear_error (&error);

  /* Nothing went through as anyone. */
  entries = apache_fixture_read_log (fixture->server, 2);
  print_log (entries);
  g_assert_cmpuint (entries->len, >=, 2);
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpuint (((ApacheLogEntry *) g_ptr_array_index (entries, i))->status, ==, 401);

  /* The right password, on the same client, after the refusals. */
  rapport_dav_client_set_credentials (fixture->client, APACHE_USER, APACHE_PASSWORD);
  ok = rapport_dav_client_put_sync (fixture->client, url, VCARD_TYPE, CARD, strlen (CARD),
                                    NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
test_keep_alive (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = apache_fixture_url (fixture->server, "/dav/amara.vcf");
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) ports = g_hash_table_new (NULL, NULL);
  guint max_keepalive = 0;
  gboolean ok;

  ok = rapport_dav_client_put_sync (fixture->client, url, VCARD_TYPE, CARD, strlen (CARD),
                                    NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  /* The PUT's own lines, its 401 and its 201, both written. */
  before = read_log_answered (fixture, 1);
  g_assert_cmpuint (before->len, >=, 1);

  for (guint i = 0; i < GETS; i++)
    {
      g_autoptr(RapportDavResource) resource = get_ok (fixture, url);

      g_assert_cmpmem (resource->data, resource->length, CARD, strlen (CARD));
    }

  entries = read_log_answered (fixture, 1 + GETS);
  print_log (entries);
  g_assert_cmpuint (entries->len, ==, before->len + GETS);
  for (guint i = before->len; i < entries->len; i++)
    {
      ApacheLogEntry *entry = g_ptr_array_index (entries, i);

      g_assert_cmpstr (entry->method, ==, "GET");
      g_assert_cmpuint (entry->status, ==, 200);
      g_assert_cmpstr (entry->user, ==, APACHE_USER);
      g_hash_table_add (ports, GUINT_TO_POINTER (entry->remote_port));
      max_keepalive = MAX (max_keepalive, entry->keepalive);
    }

  g_test_message ("%u GETs over %u connections, up to %u requests before one on a connection",
                  GETS, g_hash_table_size (ports), max_keepalive);
  g_assert_cmpuint (g_hash_table_size (ports), <, GETS);
  g_assert_cmpuint (max_keepalive, >, 0);
}

/* Writes answered 204 No Content (PUT over an existing resource,
 * DELETE) should leave their connection as reusable as any other.
 * libsoup 3.2 alone does not: a 204 comes without Content-Length (RFC
 * 9110 forbids one), soup_message_is_keepalive() takes the body for one
 * that ends when the connection closes, and drops the connection. The
 * client says such a body is empty (got_headers_cb in rapport-dav.c). */
static void
test_keep_alive_after_no_content (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) ports = g_hash_table_new (NULL, NULL);
  guint deletes = 0;

  for (guint i = 0; i < GETS / 2; i++)
    {
      g_autofree char *path = g_strdup_printf ("/dav/card-%u.vcf", i);
      g_autofree char *url = apache_fixture_url (fixture->server, path);
      gboolean ok;

      ok = rapport_dav_client_put_sync (fixture->client, url, VCARD_TYPE, CARD, strlen (CARD),
                                        NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (ok);
      ok = rapport_dav_client_delete_sync (fixture->client, url, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (ok);
    }

  entries = read_log_answered (fixture, GETS);
  print_log (entries);
  for (guint i = 0; i < entries->len; i++)
    {
      ApacheLogEntry *entry = g_ptr_array_index (entries, i);

      if (entry->status == 401)
        continue;
      g_assert_cmpstr (entry->user, ==, APACHE_USER);
      g_hash_table_add (ports, GUINT_TO_POINTER (entry->remote_port));
      if (entry->status == 204)
        deletes++;
    }
  g_assert_cmpuint (deletes, ==, GETS / 2);

  g_test_message ("%u requests over %u connections", entries->len, g_hash_table_size (ports));
  g_assert_cmpuint (g_hash_table_size (ports), <, GETS / 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/dav-apache/digest-put-get-delete-with-preconditions", Fixture, NULL,
              fixture_set_up, test_digest_put_get_delete, fixture_tear_down);
  g_test_add ("/sync/dav-apache/digest-wrong-password-is-an-auth-error", Fixture, NULL,
              fixture_set_up, test_digest_wrong_password, fixture_tear_down);
  g_test_add ("/sync/dav-apache/keep-alive-reuses-connections", Fixture, NULL,
              fixture_set_up, test_keep_alive, fixture_tear_down);

  g_test_add ("/sync/dav-apache/keep-alive-after-no-content", Fixture, NULL,
              fixture_set_up, test_keep_alive_after_no_content, fixture_tear_down);

  return g_test_run ();
}
