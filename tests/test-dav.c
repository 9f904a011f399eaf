/* test-dav.c
 *
 * The multistatus parser on its own, then the DAV client against a real
 * Radicale on 127.0.0.1 (tests/radicale-fixture.c): a fresh server,
 * folder and storage for each test.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "radicale-fixture.h"
#include "rapport-dav.h"
#include "rapport-multistatus.h"

#define VCARD_TYPE "text/vcard; charset=utf-8"

/* Multistatus parser */

static RapportMultistatus *
parse_ok (const char *xml)
{
  g_autoptr(GError) error = NULL;
  RapportMultistatus *multistatus = rapport_multistatus_parse (xml, strlen (xml), &error);

  g_assert_no_error (error);
  g_assert_nonnull (multistatus);
  return multistatus;
}

static void
test_multistatus_any_prefix (void)
{
  /* Odd prefixes, CardDAV declared on the element itself, and a getetag
   * in another namespace that must not be taken for DAV's. */
  const char *xml =
    "<?xml version=\"1.0\"?>\n"
    "<x:multistatus xmlns:x=\"DAV:\" xmlns:other=\"urn:example:other\">\n"
    "  <x:response>\n"
    "    <x:href>/amara/book/one.vcf</x:href>\n"
    "    <x:propstat>\n"
    "      <x:prop>\n"
    "        <other:getetag>\"wrong\"</other:getetag>\n"
    "        <x:getetag>  \"etag-1\"  </x:getetag>\n"
    "        <zz:address-data xmlns:zz=\"urn:ietf:params:xml:ns:carddav\">BEGIN:VCARD\n"
    "UID:one\n"
    "END:VCARD\n"
    "</zz:address-data>\n"
    "      </x:prop>\n"
    "      <x:status>HTTP/1.1 200 OK</x:status>\n"
    "    </x:propstat>\n"
    "  </x:response>\n"
    "</x:multistatus>\n";
  g_autoptr(RapportMultistatus) multistatus = parse_ok (xml);
  const RapportMultistatusResponse *response;
  const RapportDavNode *data;
  g_autofree char *etag = NULL;

  g_assert_cmpuint (multistatus->responses->len, ==, 1);
  response = g_ptr_array_index (multistatus->responses, 0);
  g_assert_cmpstr (response->href, ==, "/amara/book/one.vcf");
  g_assert_cmpuint (response->status, ==, 0);

  etag = rapport_multistatus_response_dup_text (response, RAPPORT_DAV_NS, "getetag");
  g_assert_cmpstr (etag, ==, "\"etag-1\"");

  /* Property text is kept as it came, line ends and all. */
  data = rapport_multistatus_response_get_prop (response, RAPPORT_CARDDAV_NS, "address-data");
  g_assert_nonnull (data);
  g_assert_cmpstr (data->text, ==, "BEGIN:VCARD\nUID:one\nEND:VCARD\n");
  g_assert_null (rapport_multistatus_response_get_prop (response, RAPPORT_CALDAV_NS, "address-data"));
}

static void
test_multistatus_default_namespace (void)
{
  /* DAV: as the default namespace, CalDAV as a default redeclared
   * inside, a comment and CDATA in between, the status before the
   * properties. */
  const char *xml =
    "<multistatus xmlns=\"DAV:\">"
    "<response><href>/amara/tasks/</href>"
    "<propstat><status>HTTP/1.1 200 OK</status><!-- server note -->"
    "<prop>"
    "<resourcetype><collection/><calendar xmlns=\"urn:ietf:params:xml:ns:caldav\"/></resourcetype>"
    "<displayname><![CDATA[Follow-ups & tasks]]></displayname>"
    "<supported-calendar-component-set xmlns=\"urn:ietf:params:xml:ns:caldav\">"
    "<comp name=\"VTODO\"/><comp name=\"VJOURNAL\"/></supported-calendar-component-set>"
    "</prop></propstat>"
    "<propstat><prop><getctag xmlns=\"http://calendarserver.org/ns/\"/></prop>"
    "<status>HTTP/1.1 404 Not Found</status></propstat>"
    "</response>"
    "</multistatus>";
  g_autoptr(RapportMultistatus) multistatus = parse_ok (xml);
  const RapportMultistatusResponse *response = g_ptr_array_index (multistatus->responses, 0);
  const RapportDavNode *node;
  g_autofree char *name = NULL;

  node = rapport_multistatus_response_get_prop (response, RAPPORT_DAV_NS, "resourcetype");
  g_assert_nonnull (node);
  g_assert_nonnull (rapport_dav_node_find (node, RAPPORT_CALDAV_NS, "calendar"));
  g_assert_null (rapport_dav_node_find (node, RAPPORT_DAV_NS, "calendar"));

  name = rapport_multistatus_response_dup_text (response, RAPPORT_DAV_NS, "displayname");
  g_assert_cmpstr (name, ==, "Follow-ups & tasks");

  node = rapport_multistatus_response_get_prop (response, RAPPORT_CALDAV_NS, "supported-calendar-component-set");
  g_assert_nonnull (node);
  g_assert_cmpuint (node->children->len, ==, 2);
  g_assert_cmpstr (rapport_dav_node_get_attribute (g_ptr_array_index (node->children, 1), "name"), ==, "VJOURNAL");

  /* A property the collection lacks comes back with 404: not found as a
   * value, but its status is there. */
  g_assert_null (rapport_multistatus_response_get_prop (response, RAPPORT_CALSERVER_NS, "getctag"));
  g_assert_cmpuint (rapport_multistatus_response_get_prop_status (response, RAPPORT_CALSERVER_NS, "getctag"), ==, 404);
  g_assert_cmpuint (rapport_multistatus_response_get_prop_status (response, RAPPORT_DAV_NS, "getetag"), ==, 0);
}

static void
test_multistatus_normalizes_hrefs (void)
{
  const char *xml =
    "<d:multistatus xmlns:d=\"DAV:\">"
    "<d:response><d:href>/amara/book/a%40b%20c.vcf</d:href><d:status>HTTP/1.1 200 OK</d:status></d:response>"
    "<d:response><d:href>\n  http://127.0.0.1:5232/amara/book/a@b%20c.vcf  \n</d:href>"
    "<d:status>HTTP/1.1 200 OK</d:status></d:response>"
    "<d:response><d:href>/amara/book/x%2fy.vcf</d:href><d:href>/amara/book/%7Etilde.vcf</d:href>"
    "<d:status>HTTP/1.1 404 Not Found</d:status></d:response>"
    "<d:response><d:status>HTTP/1.1 200 OK</d:status></d:response>"
    "</d:multistatus>";
  g_autoptr(RapportMultistatus) multistatus = parse_ok (xml);
  const RapportMultistatusResponse *response;
  g_autofree char *plain = rapport_dav_normalize_href ("/amara/book/a@b c.vcf");
  g_autofree char *umlaut = rapport_dav_normalize_href ("/amara/Müller.vcf");
  g_autofree char *bad_escape = rapport_dav_normalize_href ("/amara/100%.vcf");
  g_autofree char *root = rapport_dav_normalize_href ("https://example.com");
  g_autofree char *query = rapport_dav_normalize_href ("/amara/book/?x=1#top");

  /* The response without an href is dropped; two hrefs make two. */
  g_assert_cmpuint (multistatus->responses->len, ==, 4);

  response = g_ptr_array_index (multistatus->responses, 0);
  g_assert_cmpstr (response->href, ==, "/amara/book/a@b%20c.vcf");
  g_assert_cmpstr (response->raw_href, ==, "/amara/book/a%40b%20c.vcf");
  response = g_ptr_array_index (multistatus->responses, 1);
  g_assert_cmpstr (response->href, ==, "/amara/book/a@b%20c.vcf");
  g_assert_cmpstr (response->raw_href, ==, "http://127.0.0.1:5232/amara/book/a@b%20c.vcf");
  g_assert_cmpstr (plain, ==, "/amara/book/a@b%20c.vcf");

  /* An escaped slash stays inside its segment; escapes come out upper
   * case, unreserved characters plain. */
  response = g_ptr_array_index (multistatus->responses, 2);
  g_assert_cmpstr (response->href, ==, "/amara/book/x%2Fy.vcf");
  g_assert_cmpuint (response->status, ==, 404);
  response = g_ptr_array_index (multistatus->responses, 3);
  g_assert_cmpstr (response->href, ==, "/amara/book/~tilde.vcf");
  g_assert_cmpuint (response->status, ==, 404);

  g_assert_cmpstr (umlaut, ==, "/amara/M%C3%BCller.vcf");
  g_assert_cmpstr (bad_escape, ==, "/amara/100%25.vcf");
  g_assert_cmpstr (root, ==, "/");
  g_assert_cmpstr (query, ==, "/amara/book/");

  g_assert_true (rapport_dav_href_equal ("/amara/book", "http://h:1/amara/book/"));
  g_assert_true (rapport_dav_href_equal ("/amara/M%c3%bcller.vcf", "/amara/Müller.vcf"));
  g_assert_false (rapport_dav_href_equal ("/amara/book/", "/amara/book2/"));

  g_assert_nonnull (rapport_multistatus_find (multistatus, "http://other/amara/book/a%40b c.vcf"));
  g_assert_null (rapport_multistatus_find (multistatus, "/amara/book/a.vcf"));
}

static void
test_multistatus_sync_collection_507 (void)
{
  const char *xml =
    "<D:multistatus xmlns:D=\"DAV:\">"
    "<D:response><D:href>/amara/book/1.vcf</D:href>"
    "<D:propstat><D:prop><D:getetag>\"1\"</D:getetag></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>"
    "</D:response>"
    "<D:response><D:href>/amara/book/2.vcf</D:href><D:status>HTTP/1.1 404 Not Found</D:status></D:response>"
    "<D:response><D:href>/amara/book/</D:href><D:status>HTTP/1.1 507 Insufficient Storage</D:status>"
    "<D:error><D:number-of-matches-within-limits/></D:error></D:response>"
    "<D:sync-token>  http://example.com/sync/42 </D:sync-token>"
    "</D:multistatus>";
  g_autoptr(RapportMultistatus) multistatus = parse_ok (xml);
  const RapportMultistatusResponse *collection;
  const char *complete =
    "<D:multistatus xmlns:D=\"DAV:\">"
    "<D:response><D:href>/amara/book/1.vcf</D:href><D:status>HTTP/1.1 507 Insufficient Storage</D:status></D:response>"
    "<D:sync-token>7</D:sync-token></D:multistatus>";
  g_autoptr(RapportMultistatus) other = parse_ok (complete);

  g_assert_cmpstr (multistatus->sync_token, ==, "http://example.com/sync/42");
  g_assert_true (rapport_multistatus_is_truncated (multistatus, "/amara/book/"));
  g_assert_true (rapport_multistatus_is_truncated (multistatus, "http://127.0.0.1:5232/amara/book"));
  g_assert_false (rapport_multistatus_is_truncated (multistatus, "/amara/other/"));

  collection = rapport_multistatus_find (multistatus, "/amara/book");
  g_assert_nonnull (collection);
  g_assert_cmpstr (collection->error, ==, "{DAV:}number-of-matches-within-limits");

  /* A 507 on a member is not the collection's. */
  g_assert_false (rapport_multistatus_is_truncated (other, "/amara/book/"));
  g_assert_cmpstr (other->sync_token, ==, "7");
}

static void
test_multistatus_error_body (void)
{
  const char *token = "<?xml version=\"1.0\"?><e:error xmlns:e=\"DAV:\"><e:valid-sync-token/></e:error>";
  const char *uid = "<error xmlns=\"DAV:\"><no-uid-conflict xmlns=\"urn:ietf:params:xml:ns:carddav\">"
                    "<href>/a/b.vcf</href></no-uid-conflict></error>";

  g_assert_true (rapport_dav_error_body_has_condition (token, strlen (token), RAPPORT_DAV_NS, "valid-sync-token"));
  g_assert_false (rapport_dav_error_body_has_condition (token, strlen (token), RAPPORT_CALDAV_NS, "valid-sync-token"));
  g_assert_true (rapport_dav_error_body_has_condition (uid, strlen (uid), RAPPORT_CARDDAV_NS, "no-uid-conflict"));
  g_assert_false (rapport_dav_error_body_has_condition (uid, strlen (uid), RAPPORT_DAV_NS, "no-uid-conflict"));
  g_assert_false (rapport_dav_error_body_has_condition ("Forbidden", 9, RAPPORT_DAV_NS, "valid-sync-token"));
  g_assert_false (rapport_dav_error_body_has_condition (NULL, 0, RAPPORT_DAV_NS, "valid-sync-token"));
}

static void
assert_garbage (const char *xml,
                gsize       len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportMultistatus) multistatus = rapport_multistatus_parse (xml, len, &error);

  g_assert_null (multistatus);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PROTOCOL);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_multistatus_garbage (void)
{
  static const char *const inputs[] = {
    "not xml at all",
    "<",
    "<d:multistatus xmlns:d=\"DAV:\"><d:response>",
    "<d:multistatus xmlns:d=\"DAV:\"></d:response></d:multistatus>",
    "<multistatus xmlns=\"urn:not-dav\"/>",
    "<x:multistatus><x:response/></x:multistatus>",
    "<d:error xmlns:d=\"DAV:\"><d:valid-sync-token/></d:error>",
    "<html><body>502 Bad Gateway</body></html>",
    /* Entities: refused whatever they would expand to. */
    "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY e \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
    "<d:multistatus xmlns:d=\"DAV:\"><d:response><d:href>&e;&e;&e;</d:href></d:response></d:multistatus>",
    "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
    "<d:multistatus xmlns:d=\"DAV:\"><d:response><d:href>&x;</d:href></d:response></d:multistatus>",
    "<d:multistatus xmlns:d=\"DAV:\"><d:response><d:href>\xff\xfe</d:href></d:response></d:multistatus>",
  };
  static const char with_nul[] = "<d:multistatus xmlns:d=\"DAV:\">\0</d:multistatus>";
  g_autoptr(GString) deep = g_string_new ("<d:multistatus xmlns:d=\"DAV:\"><d:response><d:href>/x</d:href>"
                                          "<d:propstat><d:prop>");

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    assert_garbage (inputs[i], strlen (inputs[i]));
  assert_garbage (with_nul, sizeof with_nul - 1);
  assert_garbage ("", 0);
  assert_garbage (NULL, 0);

  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "<d:x>");
  assert_garbage (deep->str, deep->len);
}

/* A byte sequence the declared encoding cannot convert: an error for
 * the caller, and nothing printed on stderr (libxml2 reports a failed
 * conversion through its generic error function). */
static void
test_multistatus_quiet_on_bad_encoding (void)
{
  if (g_test_subprocess ())
    {
      static const char input[] =
        "<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><d:multistatus xmlns:d=\"DAV:\">"
        "\x1b$B\xff\xfe</d:multistatus>";

      assert_garbage (input, sizeof input - 1);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
}

/* Deterministic mutations of a valid answer: whatever comes out, a list
 * or a PROTOCOL error, never a crash (ASan watches). */
static void
test_multistatus_mutations (void)
{
  const char *valid =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
    "<d:multistatus xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:carddav\">"
    "<d:response><d:href>/amara/book/a%20b.vcf</d:href>"
    "<d:propstat><d:prop><d:getetag>\"1\"</d:getetag><c:address-data>BEGIN:VCARD&#13;\nEND:VCARD</c:address-data>"
    "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
    "<d:response><d:href>http://h/amara/book/gone.vcf</d:href><d:status>HTTP/1.1 404 Not Found</d:status></d:response>"
    "<d:sync-token>http://radicale.org/ns/sync/abc</d:sync-token>"
    "</d:multistatus>";
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240605);
  gsize valid_len = strlen (valid);
  guint parsed = 0, refused = 0;

  for (guint round = 0; round < 1500; round++)
    {
      g_autofree char *copy = g_memdup2 (valid, valid_len);
      gsize len = valid_len;
      g_autoptr(GError) error = NULL;
      g_autoptr(RapportMultistatus) multistatus = NULL;
      guint n = g_rand_int_range (rand, 1, 6);

      for (guint i = 0; i < n; i++)
        {
          gsize at = g_rand_int_range (rand, 0, (gint32) len);

          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0:
              copy[at] = (char) g_rand_int_range (rand, 0, 256);
              break;
            case 1:
              copy[at] = "<>/&;:\"= "[g_rand_int_range (rand, 0, 9)];
              break;
            case 2:
              len = at;
              break;
            default:
              copy[at] ^= 0x20;
              break;
            }
          if (len == 0)
            break;
        }

      multistatus = rapport_multistatus_parse (copy, len, &error);
      if (multistatus != NULL)
        {
          parsed++;
          for (guint i = 0; i < multistatus->responses->len; i++)
            {
              const RapportMultistatusResponse *response = g_ptr_array_index (multistatus->responses, i);
              g_autofree char *etag = rapport_multistatus_response_dup_text (response, RAPPORT_DAV_NS, "getetag");

              g_assert_true (response->href[0] == '/');
            }
        }
      else
        {
          refused++;
          g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PROTOCOL);
        }
      rapport_dav_error_body_has_condition (copy, len, RAPPORT_DAV_NS, "valid-sync-token");
    }

  /* Both outcomes happened: the mutations reached the parser's paths. */
  g_assert_cmpuint (parsed, >, 0);
  g_assert_cmpuint (refused, >, 0);
}

/* Client against Radicale */

typedef struct
{
  RadicaleFixture  *server;
  RapportDavClient *client;
  char             *home;
} DavFixture;

static void
dav_fixture_set_up (DavFixture    *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = radicale_fixture_new (FALSE, &error);
  g_assert_no_error (error);
  fixture->client = rapport_dav_client_new (10);
  rapport_dav_client_set_credentials (fixture->client, RADICALE_USER, RADICALE_PASSWORD);
  rapport_dav_client_set_retry (fixture->client, 3, 20);
  fixture->home = radicale_fixture_url (fixture->server, "/" RADICALE_USER "/");
}

static void
dav_fixture_tear_down (DavFixture    *fixture,
                       gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->server, radicale_fixture_free);
  g_clear_pointer (&fixture->home, g_free);
}

static RapportDavCollection *
create_book (DavFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (fixture->home, "customers/", NULL);
  RapportDavCollection *book;

  book = rapport_dav_client_create_collection_sync (fixture->client, url,
                                                    RAPPORT_DAV_COLLECTION_ADDRESSBOOK,
                                                    "Customers", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (book);
  return book;
}

static char *
make_card (const char *uid,
           const char *name)
{
  return g_strdup_printf ("BEGIN:VCARD\r\nVERSION:3.0\r\nUID:%s\r\nFN:%s\r\nN:%s;;;;\r\nEND:VCARD\r\n",
                          uid, name, name);
}

/* Creates <uid>.vcf in @book; returns its URL, the ETag in @etag. */
static char *
put_card (RapportDavClient           *client,
          const RapportDavCollection *book,
          const char                 *uid,
          const char                 *name,
          char                      **etag)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *card = make_card (uid, name);
  g_autofree char *href = g_strconcat (uid, ".vcf", NULL);
  char *url = rapport_dav_resolve_href (book->url, href);
  g_autofree char *new_etag = NULL;

  rapport_dav_client_put_sync (client, url, VCARD_TYPE, card, strlen (card), NULL,
                               &new_etag, NULL, &error);
  g_assert_no_error (error);
  if (etag != NULL)
    *etag = g_steal_pointer (&new_etag);

  return url;
}

static const RapportDavItem *
find_item (GPtrArray  *items,
           const char *href_suffix)
{
  for (guint i = 0; i < items->len; i++)
    {
      const RapportDavItem *item = g_ptr_array_index (items, i);

      if (g_str_has_suffix (item->href, href_suffix))
        return item;
    }

  return NULL;
}

static void
test_dav_discovery (DavFixture    *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavDiscovery) discovery = NULL;
  g_autoptr(RapportDavDiscovery) fallback = NULL;
  g_autofree char *elsewhere = radicale_fixture_url (fixture->server, "/nothing/here/");

  discovery = rapport_dav_client_discover_sync (fixture->client, fixture->server->url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (discovery->principal_url, ==, fixture->home);
  g_assert_cmpuint (g_strv_length (discovery->addressbook_homes), ==, 1);
  g_assert_cmpstr (discovery->addressbook_homes[0], ==, fixture->home);
  g_assert_cmpuint (g_strv_length (discovery->calendar_homes), ==, 1);
  g_assert_cmpstr (discovery->calendar_homes[0], ==, fixture->home);

  /* A path without DAV: found through /.well-known/carddav and caldav,
   * which Radicale redirects (301) to its root. */
  fallback = rapport_dav_client_discover_sync (fixture->client, elsewhere, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fallback->principal_url, ==, fixture->home);
  g_assert_cmpstr (fallback->addressbook_homes[0], ==, fixture->home);
  g_assert_cmpstr (fallback->calendar_homes[0], ==, fixture->home);
}

static void
test_dav_redirect_keeps_method (DavFixture    *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavCollection) book = create_book (fixture);
  g_autofree char *well_known = radicale_fixture_url (fixture->server, "/.well-known/carddav");
  g_autoptr(GPtrArray) collections = NULL;
  g_autofree char *ctag = NULL;

  /* PROPFIND on the well-known URL ends as PROPFIND Depth 1 on "/":
   * Radicale lists the principal there, which is not a collection of
   * ours, and no error comes back. A GET would have answered 200, an
   * unfollowed redirect 301: both errors. */
  collections = rapport_dav_client_list_collections_sync (fixture->client, well_known, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (collections->len, ==, 0);

  ctag = rapport_dav_client_get_ctag_sync (fixture->client, book->url, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ctag);
}

static const RapportDavCollection *
find_collection (GPtrArray  *collections,
                 const char *url)
{
  for (guint i = 0; i < collections->len; i++)
    {
      const RapportDavCollection *collection = g_ptr_array_index (collections, i);

      if (g_strcmp0 (collection->url, url) == 0)
        return collection;
    }

  return NULL;
}

static void
test_dav_collections (DavFixture    *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *book_url = g_strconcat (fixture->home, "customers/", NULL);
  g_autofree char *tasks_url = g_strconcat (fixture->home, "follow-ups/", NULL);
  g_autoptr(RapportDavCollection) book = NULL;
  g_autoptr(RapportDavCollection) tasks = NULL;
  g_autoptr(RapportDavCollection) again = NULL;
  g_autoptr(GPtrArray) collections = NULL;
  const RapportDavCollection *listed;

  /* One attempt only: the first request of a session is answered 401 and
   * sent again with credentials, body included (libsoup 3.2 would send
   * the body only once, and Radicale would wait for it until the
   * timeout). */
  rapport_dav_client_set_retry (fixture->client, 1, 0);
  book = rapport_dav_client_create_collection_sync (fixture->client, book_url,
                                                    RAPPORT_DAV_COLLECTION_ADDRESSBOOK,
                                                    "Customers & <Partners>", 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (book->url, ==, book_url);
  g_assert_cmpint (book->kind, ==, RAPPORT_DAV_COLLECTION_ADDRESSBOOK);
  g_assert_cmpstr (book->name, ==, "Customers & <Partners>");
  g_assert_true (book->supports_sync_collection);
  g_assert_nonnull (book->sync_token);
  g_assert_nonnull (book->ctag);
  g_assert_cmpuint (book->components, ==, 0);
  /* Radicale 3.1.8 does not advertise supported-address-data. */
  g_assert_false (book->vcard4);

  tasks = rapport_dav_client_create_collection_sync (fixture->client, tasks_url,
                                                     RAPPORT_DAV_COLLECTION_CALENDAR,
                                                     "Follow-ups", RAPPORT_DAV_COMPONENT_VTODO,
                                                     NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tasks->kind, ==, RAPPORT_DAV_COLLECTION_CALENDAR);
  g_assert_cmpuint (tasks->components, ==, RAPPORT_DAV_COMPONENT_VTODO);

  collections = rapport_dav_client_list_collections_sync (fixture->client, fixture->home, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (collections->len, ==, 2);
  listed = find_collection (collections, book_url);
  g_assert_nonnull (listed);
  g_assert_cmpint (listed->kind, ==, RAPPORT_DAV_COLLECTION_ADDRESSBOOK);
  g_assert_cmpstr (listed->name, ==, "Customers & <Partners>");
  g_assert_cmpstr (listed->sync_token, ==, book->sync_token);
  listed = find_collection (collections, tasks_url);
  g_assert_nonnull (listed);
  g_assert_cmpint (listed->kind, ==, RAPPORT_DAV_COLLECTION_CALENDAR);
  g_assert_cmpuint (listed->components, ==, RAPPORT_DAV_COMPONENT_VTODO);
  g_assert_true (listed->supports_sync_collection);

  /* The URL is taken now. */
  again = rapport_dav_client_create_collection_sync (fixture->client, book_url,
                                                     RAPPORT_DAV_COLLECTION_ADDRESSBOOK,
                                                     "Twice", 0, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_CONFLICT);
}

static void
test_dav_put_preconditions (DavFixture    *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavCollection) book = create_book (fixture);
  g_autoptr(RapportDavResource) resource = NULL;
  g_autofree char *etag1 = NULL;
  g_autofree char *etag2 = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *url = put_card (fixture->client, book, "amara", "Amara Okafor", &etag1);
  g_autofree char *update = make_card ("amara", "Amara Okafor-Bello");
  g_autofree char *other_url = rapport_dav_resolve_href (book->url, "other.vcf");
  gboolean ok;

  /* Radicale gives a strong ETag on PUT. */
  g_assert_nonnull (etag1);
  g_assert_false (g_str_has_prefix (etag1, "W/"));

  /* A second create at the same URL: If-None-Match: * fails. */
  ok = rapport_dav_client_put_sync (fixture->client, url, VCARD_TYPE, update, strlen (update),
                                    NULL, &stale, NULL, &error);
  g_assert_false (ok);
  g_assert_null (stale);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PRECONDITION);
  g_clear_error (&error);

  ok = rapport_dav_client_put_sync (fixture->client, url, VCARD_TYPE, update, strlen (update),
                                    etag1, &etag2, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_nonnull (etag2);
  g_assert_cmpstr (etag2, !=, etag1);

  /* The ETag read before the update is stale now. */
  ok = rapport_dav_client_put_sync (fixture->client, url, VCARD_TYPE, update, strlen (update),
                                    etag1, NULL, NULL, &error);
  g_assert_false (ok);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PRECONDITION);
  g_clear_error (&error);

  resource = rapport_dav_client_get_sync (fixture->client, url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (resource->status, ==, 200);
  g_assert_cmpstr (resource->etag, ==, etag2);
  g_assert_nonnull (strstr (resource->data, "Amara Okafor-Bello"));
  g_assert_cmpuint (resource->length, ==, strlen (resource->data));

  /* Another resource with the same UID. */
  ok = rapport_dav_client_put_sync (fixture->client, other_url, VCARD_TYPE, update, strlen (update),
                                    NULL, NULL, NULL, &error);
  g_assert_false (ok);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_UID_CONFLICT);
  g_clear_error (&error);

  ok = rapport_dav_client_delete_sync (fixture->client, url, etag1, NULL, &error);
  g_assert_false (ok);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PRECONDITION);
  g_clear_error (&error);

  ok = rapport_dav_client_delete_sync (fixture->client, url, etag2, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  g_clear_pointer (&resource, rapport_dav_resource_free);
  resource = rapport_dav_client_get_sync (fixture->client, url, NULL, &error);
  g_assert_null (resource);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_NOT_FOUND);
}

static void
test_dav_multiget_batches (DavFixture    *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavCollection) book = create_book (fixture);
  g_autoptr(GPtrArray) hrefs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) etags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) resources = NULL;
  const guint n = 250;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *uid = g_strdup_printf ("card-%03u", i);
      g_autofree char *name = g_strdup_printf ("Customer %u", i);
      char *etag = NULL;
      g_autofree char *url = put_card (fixture->client, book, uid, name, &etag);

      g_ptr_array_add (hrefs, rapport_dav_normalize_href (url));
      g_ptr_array_add (etags, etag);
    }
  /* One that is not there, and one asked twice. */
  g_ptr_array_add (hrefs, g_strdup ("/" RADICALE_USER "/customers/missing.vcf"));
  g_ptr_array_add (hrefs, g_strdup (g_ptr_array_index (hrefs, 0)));
  g_ptr_array_add (hrefs, NULL);

  resources = rapport_dav_client_multiget_sync (fixture->client, book,
                                                (const char * const *) hrefs->pdata, 100,
                                                NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (resources->len, ==, n + 1);

  for (guint i = 0; i < n; i++)
    {
      const RapportDavResource *resource = g_ptr_array_index (resources, i);
      g_autofree char *uid_line = g_strdup_printf ("UID:card-%03u", i);

      g_assert_cmpstr (resource->href, ==, g_ptr_array_index (hrefs, i));
      g_assert_cmpuint (resource->status, ==, 200);
      g_assert_cmpstr (resource->etag, ==, g_ptr_array_index (etags, i));
      g_assert_nonnull (strstr (resource->data, uid_line));
    }
  {
    const RapportDavResource *missing = g_ptr_array_index (resources, n);

    g_assert_cmpstr (missing->href, ==, "/" RADICALE_USER "/customers/missing.vcf");
    g_assert_cmpuint (missing->status, ==, 404);
    g_assert_null (missing->data);
  }
}

static void
test_dav_sync_collection (DavFixture    *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavCollection) book = create_book (fixture);
  g_autoptr(RapportDavSyncResult) initial = NULL;
  g_autoptr(RapportDavSyncResult) changes = NULL;
  g_autoptr(RapportDavSyncResult) nothing = NULL;
  g_autofree char *etag1 = NULL;
  g_autofree char *url1 = put_card (fixture->client, book, "one", "One", &etag1);
  g_autofree char *url2 = put_card (fixture->client, book, "two", "Two", NULL);
  g_autofree char *url3 = put_card (fixture->client, book, "three", "Three", NULL);
  g_autofree char *changed_card = make_card ("one", "One, changed elsewhere");
  g_autofree char *new_card = make_card ("four", "Four");
  const RapportDavItem *item;

  initial = rapport_dav_client_sync_collection_sync (fixture->client, book->url, "", NULL, &error);
  g_assert_no_error (error);
  g_assert_false (initial->truncated);
  g_assert_nonnull (initial->sync_token);
  g_assert_cmpuint (initial->changed->len, ==, 3);
  g_assert_cmpuint (initial->removed->len, ==, 0);
  item = find_item (initial->changed, "/customers/one.vcf");
  g_assert_nonnull (item);
  g_assert_cmpstr (item->etag, ==, etag1);

  /* Another client changes one, deletes two and adds four. */
  g_assert_cmpuint (radicale_fixture_curl (fixture->server, "PUT", "/" RADICALE_USER "/customers/one.vcf",
                                           "text/vcard", changed_card), ==, 201);
  g_assert_cmpuint (radicale_fixture_curl (fixture->server, "DELETE", "/" RADICALE_USER "/customers/two.vcf",
                                           NULL, NULL), ==, 200);
  g_assert_cmpuint (radicale_fixture_curl (fixture->server, "PUT", "/" RADICALE_USER "/customers/four.vcf",
                                           "text/vcard", new_card), ==, 201);

  changes = rapport_dav_client_sync_collection_sync (fixture->client, book->url, initial->sync_token,
                                                     NULL, &error);
  g_assert_no_error (error);
  g_assert_false (changes->truncated);
  g_assert_cmpstr (changes->sync_token, !=, initial->sync_token);
  g_assert_cmpuint (changes->changed->len, ==, 2);
  item = find_item (changes->changed, "/customers/one.vcf");
  g_assert_nonnull (item);
  g_assert_nonnull (item->etag);
  g_assert_cmpstr (item->etag, !=, etag1);
  g_assert_nonnull (find_item (changes->changed, "/customers/four.vcf"));
  g_assert_cmpuint (changes->removed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (changes->removed, 0), ==, "/" RADICALE_USER "/customers/two.vcf");

  nothing = rapport_dav_client_sync_collection_sync (fixture->client, book->url, changes->sync_token,
                                                     NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nothing->changed->len, ==, 0);
  g_assert_cmpuint (nothing->removed->len, ==, 0);

}

static void
test_dav_invalid_sync_token (DavFixture    *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavCollection) book = create_book (fixture);
  g_autoptr(RapportDavSyncResult) result = NULL;

  /* Radicale 3.1.8: 403 with DAV:valid-sync-token for a token it never
   * gave; not retried. */
  result = rapport_dav_client_sync_collection_sync (fixture->client, book->url,
                                                    "http://radicale.org/ns/sync/"
                                                    "0000000000000000000000000000000000000000000000000000000000000000",
                                                    NULL, &error);
  g_assert_null (result);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_INVALID_SYNC_TOKEN);
}

static void
test_dav_etag_listing (DavFixture    *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavCollection) book = create_book (fixture);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(RapportDavCollection) after = NULL;
  g_autofree char *etag_a = NULL;
  g_autofree char *etag_b = NULL;
  g_autofree char *ctag_before = NULL;
  g_autofree char *ctag_after = NULL;
  g_autofree char *url_a = NULL;
  g_autofree char *url_b = NULL;
  g_autofree char *sub = g_strconcat (book->url, "sub/", NULL);
  g_autoptr(RapportDavCollection) sub_book = NULL;

  ctag_before = rapport_dav_client_get_ctag_sync (fixture->client, book->url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ctag_before, ==, book->ctag);

  url_a = put_card (fixture->client, book, "a", "A", &etag_a);
  url_b = put_card (fixture->client, book, "b", "B", &etag_b);

  items = rapport_dav_client_list_etags_sync (fixture->client, book->url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpstr (find_item (items, "/customers/a.vcf")->etag, ==, etag_a);
  g_assert_cmpstr (find_item (items, "/customers/b.vcf")->etag, ==, etag_b);

  ctag_after = rapport_dav_client_get_ctag_sync (fixture->client, book->url, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ctag_after);
  g_assert_cmpstr (ctag_after, !=, ctag_before);

  after = rapport_dav_client_get_collection_sync (fixture->client, book->url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->ctag, ==, ctag_after);
  g_assert_cmpstr (after->sync_token, !=, book->sync_token);

  /* Radicale refuses a collection inside an address book; whatever it
   * does, the listing holds the two cards only. */
  sub_book = rapport_dav_client_create_collection_sync (fixture->client, sub,
                                                        RAPPORT_DAV_COLLECTION_ADDRESSBOOK,
                                                        NULL, 0, NULL, NULL);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = rapport_dav_client_list_etags_sync (fixture->client, book->url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
}

static void
test_dav_wrong_password (DavFixture    *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) collections = NULL;

  rapport_dav_client_set_credentials (fixture->client, RADICALE_USER, "not-the-password");
  collections = rapport_dav_client_list_collections_sync (fixture->client, fixture->home, NULL, &error);
  g_assert_null (collections);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "user name or password"));
  g_assert_null (strstr (error->message, "not-the-password"));
  g_clear_error (&error);

  /* The right password, on the same client, after a refusal. */
  rapport_dav_client_set_credentials (fixture->client, RADICALE_USER, RADICALE_PASSWORD);
  collections = rapport_dav_client_list_collections_sync (fixture->client, fixture->home, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collections);

  /* And no credentials at all. */
  g_clear_pointer (&collections, g_ptr_array_unref);
  rapport_dav_client_set_credentials (fixture->client, NULL, NULL);
  collections = rapport_dav_client_list_collections_sync (fixture->client, fixture->home, NULL, &error);
  g_assert_null (collections);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_AUTH);
}

typedef struct
{
  char *path;
  char *contents;
} RestoreJob;

static gpointer
restore_thread (gpointer data)
{
  RestoreJob *job = data;

  g_usleep (300 * 1000);
  g_file_set_contents (job->path, job->contents, -1, NULL);

  return NULL;
}

static void
test_dav_server_errors (DavFixture    *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavCollection) book = create_book (fixture);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(RapportDavSyncResult) result = NULL;
  g_autofree char *dir = radicale_fixture_collection_dir (fixture->server, "/" RADICALE_USER "/customers/");
  g_autofree char *props = g_build_filename (dir, ".Radicale.props", NULL);
  g_autofree char *good = NULL;
  g_autofree char *url = put_card (fixture->client, book, "a", "A", NULL);
  RestoreJob job;
  GThread *thread;
  gint64 start;

  /* Unreadable collection properties make Radicale answer 500 to every
   * request on the collection: a real server error, on demand. */
  g_file_get_contents (props, &good, NULL, &error);
  g_assert_no_error (error);
  g_file_set_contents (props, "{broken", -1, &error);
  g_assert_no_error (error);

  /* Tried three times (waiting 200 then 400 ms), then reported. */
  rapport_dav_client_set_retry (fixture->client, 3, 200);
  start = g_get_monotonic_time ();
  items = rapport_dav_client_list_etags_sync (fixture->client, book->url, NULL, &error);
  g_assert_null (items);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "500"));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 600 * 1000);
  g_clear_error (&error);

  /* A 5xx to a request carrying a sync token means the token, at once. */
  rapport_dav_client_set_retry (fixture->client, 3, 5000);
  start = g_get_monotonic_time ();
  result = rapport_dav_client_sync_collection_sync (fixture->client, book->url, book->sync_token,
                                                    NULL, &error);
  g_assert_null (result);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_INVALID_SYNC_TOKEN);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5000 * 1000);
  g_clear_error (&error);

  /* Repaired while the client waits between attempts: the retry gets
   * through. */
  job.path = props;
  job.contents = good;
  rapport_dav_client_set_retry (fixture->client, 5, 200);
  thread = g_thread_new ("restore", restore_thread, &job);
  items = rapport_dav_client_list_etags_sync (fixture->client, book->url, NULL, &error);
  g_thread_join (thread);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
}

typedef struct
{
  RapportDavClient *client;
  const char       *url;
  GError           *error;
} ListJob;

static gpointer
list_etags_thread (gpointer data)
{
  ListJob *job = data;

  return rapport_dav_client_list_etags_sync (job->client, job->url, NULL, &job->error);
}

static void
test_dav_server_killed (DavFixture    *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavCollection) book = create_book (fixture);
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *url_a = put_card (fixture->client, book, "a", "A", NULL);
  g_autofree char *url_b = put_card (fixture->client, book, "b", "B", NULL);
  ListJob job = { fixture->client, book->url, NULL };
  GThread *thread;

  /* Frozen, the server still accepts the connection (the kernel does)
   * but never answers: the request is in flight when it dies. */
  radicale_fixture_freeze (fixture->server);
  thread = g_thread_new ("list-etags", list_etags_thread, &job);
  g_usleep (300 * 1000);
  radicale_fixture_kill (fixture->server);
  items = g_thread_join (thread);
  g_assert_null (items);
  g_assert_error (job.error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_NETWORK);
  g_clear_error (&job.error);

  /* Down: refused at once (after the retries). */
  items = rapport_dav_client_list_etags_sync (fixture->client, book->url, NULL, &error);
  g_assert_null (items);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_NETWORK);
  g_clear_error (&error);

  /* Back on the same port and storage: the same client carries on. */
  radicale_fixture_restart (fixture->server, &error);
  g_assert_no_error (error);
  items = rapport_dav_client_list_etags_sync (fixture->client, book->url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
}

typedef struct
{
  RapportDavClient           *client;
  const RapportDavCollection *book;
  guint                       first;
  guint                       count;
  guint                       failures;
} PutJob;

static gpointer
put_thread (gpointer data)
{
  PutJob *job = data;

  for (guint i = job->first; i < job->first + job->count; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uid = g_strdup_printf ("thread-%u", i);
      g_autofree char *card = make_card (uid, uid);
      g_autofree char *href = g_strconcat (uid, ".vcf", NULL);
      g_autofree char *url = rapport_dav_resolve_href (job->book->url, href);

      if (!rapport_dav_client_put_sync (job->client, url, VCARD_TYPE, card, strlen (card),
                                        NULL, NULL, NULL, &error))
        job->failures++;
    }

  return NULL;
}

static void
test_dav_threads (DavFixture    *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavCollection) book = create_book (fixture);
  g_autoptr(GPtrArray) items = NULL;
  PutJob jobs[2] = {
    { fixture->client, book, 0, 20, 0 },
    { fixture->client, book, 20, 20, 0 },
  };
  GThread *threads[2];

  /* The client was made on this thread; two others share it. */
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    threads[i] = g_thread_new ("put", put_thread, &jobs[i]);
  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    g_thread_join (threads[i]);

  g_assert_cmpuint (jobs[0].failures, ==, 0);
  g_assert_cmpuint (jobs[1].failures, ==, 0);
  items = rapport_dav_client_list_etags_sync (fixture->client, book->url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 40);
}

static void
test_dav_self_signed_tls (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RadicaleFixture) server = radicale_fixture_new (TRUE, &error);
  g_autoptr(RapportDavClient) client = NULL;
  g_autoptr(RapportDavClient) pem_client = NULL;
  g_autoptr(RapportDavDiscovery) discovery = NULL;
  g_autoptr(GTlsCertificate) refused = NULL;
  g_autoptr(GPtrArray) collections = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *other = NULL;
  g_autofree char *pinned = NULL;
  g_autofree char *pem = NULL;

  g_assert_no_error (error);
  expected = radicale_fixture_openssl_fingerprint (server);

  client = rapport_dav_client_new (10);
  rapport_dav_client_set_credentials (client, RADICALE_USER, RADICALE_PASSWORD);
  rapport_dav_client_set_retry (client, 3, 20);
  g_assert_null (rapport_dav_client_dup_untrusted_fingerprint (client));

  discovery = rapport_dav_client_discover_sync (client, server->url, NULL, &error);
  g_assert_null (discovery);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, expected));
  g_clear_error (&error);

  seen = rapport_dav_client_dup_untrusted_fingerprint (client);
  g_assert_cmpstr (seen, ==, expected);
  refused = rapport_dav_client_dup_untrusted_certificate (client);
  g_assert_nonnull (refused);

  /* Another pinned certificate does not open the door. */
  other = g_strdup (expected);
  other[0] = other[0] == '0' ? '1' : '0';
  rapport_dav_client_set_trusted_certificate (client, other, &error);
  g_assert_no_error (error);
  discovery = rapport_dav_client_discover_sync (client, server->url, NULL, &error);
  g_assert_null (discovery);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TLS);
  g_clear_error (&error);

  /* Written without colons and in lower case, the right one does. */
  {
    g_autofree char *lower = g_ascii_strdown (expected, -1);
    g_auto(GStrv) parts = g_strsplit (lower, ":", -1);
    g_autofree char *bare = g_strjoinv ("", parts);

    rapport_dav_client_set_trusted_certificate (client, bare, &error);
    g_assert_no_error (error);
  }
  pinned = rapport_dav_client_dup_trusted_fingerprint (client);
  g_assert_cmpstr (pinned, ==, expected);
  discovery = rapport_dav_client_discover_sync (client, server->url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (discovery->addressbook_homes), ==, 1);

  /* Pinned as PEM, on a fresh client. */
  g_file_get_contents (server->cert_path, &pem, NULL, &error);
  g_assert_no_error (error);
  pem_client = rapport_dav_client_new (10);
  rapport_dav_client_set_credentials (pem_client, RADICALE_USER, RADICALE_PASSWORD);
  rapport_dav_client_set_trusted_certificate (pem_client, pem, &error);
  g_assert_no_error (error);
  collections = rapport_dav_client_list_collections_sync (pem_client, discovery->addressbook_homes[0],
                                                         NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collections);

  /* Neither a fingerprint nor a certificate. */
  g_assert_false (rapport_dav_client_set_trusted_certificate (pem_client, "AB:CD", &error));
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TLS);
}

static void
test_dav_timeout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(RapportDavClient) client = rapport_dav_client_new (1);
  g_autoptr(GPtrArray) collections = NULL;
  g_autofree char *url = NULL;
  gint64 start;

  /* A socket that listens and never accepts: connections complete in the
   * kernel, no answer ever comes. */
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/amara/",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  rapport_dav_client_set_retry (client, 2, 10);
  start = g_get_monotonic_time ();
  collections = rapport_dav_client_list_collections_sync (client, url, NULL, &error);
  g_assert_null (collections);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TIMEOUT);
  /* Two attempts of one second each, give or take. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

static gpointer
cancel_thread (gpointer data)
{
  g_usleep (300 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_dav_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavClient) client = rapport_dav_client_new (5);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;
  GThread *thread;
  gint64 start;

  /* A port bound but not listening: every connection is refused, and the
   * client waits 10 s before trying again. */
  g_assert_no_error (error);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u/amara/book/",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  rapport_dav_client_set_retry (client, 3, 10000);
  thread = g_thread_new ("cancel", cancel_thread, cancellable);
  start = g_get_monotonic_time ();
  items = rapport_dav_client_list_etags_sync (client, url, cancellable, &error);
  g_thread_join (thread);
  g_assert_null (items);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static void
test_dav_invalid_url (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportDavClient) client = rapport_dav_client_new (0);
  g_autoptr(GPtrArray) collections = NULL;
  g_autoptr(RapportDavDiscovery) discovery = NULL;
  g_autofree char *resolved = rapport_dav_resolve_href ("http://h:8/amara/book/", "/amara/book/a%40b c.vcf");
  g_autofree char *absolute = rapport_dav_resolve_href ("http://h:8/amara/", "https://other/x/y%2fz.ics");
  g_autofree char *relative = rapport_dav_resolve_href ("http://h:8/amara/book/", "card.vcf");
  guint timeout = 0;

  collections = rapport_dav_client_list_collections_sync (client, "ftp://example.com/", NULL, &error);
  g_assert_null (collections);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_INVALID_URL);
  g_clear_error (&error);

  /* Typed without a scheme: https is assumed, so this is a URL, and
   * nothing listens on port 1. */
  rapport_dav_client_set_retry (client, 1, 0);
  discovery = rapport_dav_client_discover_sync (client, "127.0.0.1:1", NULL, &error);
  g_assert_null (discovery);
  g_assert_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_NETWORK);

  g_assert_cmpstr (resolved, ==, "http://h:8/amara/book/a@b%20c.vcf");
  g_assert_cmpstr (absolute, ==, "https://other/x/y%2Fz.ics");
  g_assert_cmpstr (relative, ==, "http://h:8/amara/book/card.vcf");

  g_object_get (client, "timeout", &timeout, NULL);
  g_assert_cmpuint (timeout, ==, 30);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/multistatus/matches-namespaces-not-prefixes", test_multistatus_any_prefix);
  g_test_add_func ("/sync/multistatus/reads-default-namespaces", test_multistatus_default_namespace);
  g_test_add_func ("/sync/multistatus/normalizes-hrefs", test_multistatus_normalizes_hrefs);
  g_test_add_func ("/sync/multistatus/sees-507-on-the-request-uri", test_multistatus_sync_collection_507);
  g_test_add_func ("/sync/multistatus/reads-error-conditions", test_multistatus_error_body);
  g_test_add_func ("/sync/multistatus/refuses-garbage", test_multistatus_garbage);
  g_test_add_func ("/sync/multistatus/quiet-on-a-bad-encoding", test_multistatus_quiet_on_bad_encoding);
  g_test_add_func ("/sync/multistatus/survives-mutations", test_multistatus_mutations);

  g_test_add_func ("/sync/dav/resolves-hrefs-and-refuses-bad-urls", test_dav_invalid_url);
  g_test_add_func ("/sync/dav/times-out-on-a-silent-server", test_dav_timeout);
  g_test_add_func ("/sync/dav/cancel-stops-the-wait-between-attempts", test_dav_cancel);
  g_test_add ("/sync/dav/discovers-homes-from-the-server-url", DavFixture, NULL,
              dav_fixture_set_up, test_dav_discovery, dav_fixture_tear_down);
  g_test_add ("/sync/dav/redirects-keep-the-method", DavFixture, NULL,
              dav_fixture_set_up, test_dav_redirect_keeps_method, dav_fixture_tear_down);
  g_test_add ("/sync/dav/creates-and-lists-collections", DavFixture, NULL,
              dav_fixture_set_up, test_dav_collections, dav_fixture_tear_down);
  g_test_add ("/sync/dav/put-and-delete-check-preconditions", DavFixture, NULL,
              dav_fixture_set_up, test_dav_put_preconditions, dav_fixture_tear_down);
  g_test_add ("/sync/dav/multiget-fetches-in-batches", DavFixture, NULL,
              dav_fixture_set_up, test_dav_multiget_batches, dav_fixture_tear_down);
  g_test_add ("/sync/dav/sync-collection-sees-changes-made-elsewhere", DavFixture, NULL,
              dav_fixture_set_up, test_dav_sync_collection, dav_fixture_tear_down);
  g_test_add ("/sync/dav/invalid-sync-token-is-reported", DavFixture, NULL,
              dav_fixture_set_up, test_dav_invalid_sync_token, dav_fixture_tear_down);
  g_test_add ("/sync/dav/etag-listing-and-ctag", DavFixture, NULL,
              dav_fixture_set_up, test_dav_etag_listing, dav_fixture_tear_down);
  g_test_add ("/sync/dav/wrong-password-is-an-auth-error", DavFixture, NULL,
              dav_fixture_set_up, test_dav_wrong_password, dav_fixture_tear_down);
  g_test_add ("/sync/dav/server-errors-are-retried-then-reported", DavFixture, NULL,
              dav_fixture_set_up, test_dav_server_errors, dav_fixture_tear_down);
  g_test_add ("/sync/dav/server-killed-then-restarted", DavFixture, NULL,
              dav_fixture_set_up, test_dav_server_killed, dav_fixture_tear_down);
  g_test_add ("/sync/dav/one-client-shared-by-threads", DavFixture, NULL,
              dav_fixture_set_up, test_dav_threads, dav_fixture_tear_down);
  g_test_add_func ("/sync/dav/self-signed-certificate-pinned-by-fingerprint", test_dav_self_signed_tls);

  return g_test_run ();
}
