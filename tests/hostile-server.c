/* hostile-server.c
 *
 * The server lives on its own thread with its own main context, so the
 * blocking DAV client can talk to it from the test's thread. Bodies that
 * go on (endless, trickle) are written chunk by chunk, with the message
 * body not accumulating: the server holds one chunk at a time.
 */

#define G_LOG_DOMAIN "hostile-server"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "hostile-server.h"

#define ENDLESS_CHUNK    65536
#define TRICKLE_BYTES    60
#define BOMB_SIZE        (10 * 1024 * 1024)
#define HUGE_TOKEN_SIZE  (5 * 1024 * 1024)

struct _HostileServer
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  guint16       port;
  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  GError       *error;

  int           report;        /* atomic: HostileReport */
  char         *redirect;      /* under lock */
  guint         requests;      /* atomic */
  guint         authorized;    /* atomic */
  GBytes       *bomb;          /* made once */
  char         *expected_auth;
};

typedef struct
{
  HostileServer     *self;
  SoupServerMessage *msg;
  GSource           *source;
  guint              sent;
} Stream;

static const char book_propfind[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
  "<d:multistatus xmlns:d=\"DAV:\" xmlns:a=\"urn:ietf:params:xml:ns:carddav\">"
  "<d:response><d:href>/book/</d:href><d:propstat><d:prop>"
  "<d:resourcetype><d:collection/><a:addressbook/></d:resourcetype>"
  "<d:displayname>Hostile</d:displayname>"
  "<d:sync-token>http://127.0.0.1/sync/1</d:sync-token>"
  "<d:supported-report-set><d:supported-report><d:report><d:sync-collection/></d:report></d:supported-report>"
  "</d:supported-report-set>"
  "</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
  "</d:multistatus>";

static const char empty_report[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
  "<d:multistatus xmlns:d=\"DAV:\"><d:sync-token>http://127.0.0.1/sync/1</d:sync-token></d:multistatus>";

static const char multistatus_head[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<d:multistatus xmlns:d=\"DAV:\">";

static GBytes *
make_bomb (void)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree guint8 *zeros = g_malloc0 (BOMB_SIZE);
  guint8 buffer[65536];
  gsize read_total = 0;

  for (;;)
    {
      gsize bytes_read = 0, bytes_written = 0;
      GConverterResult result;

      result = g_converter_convert (G_CONVERTER (compressor), zeros + read_total, BOMB_SIZE - read_total,
                                    buffer, sizeof buffer, G_CONVERTER_INPUT_AT_END,
                                    &bytes_read, &bytes_written, NULL);
      g_assert (result != G_CONVERTER_ERROR);
      read_total += bytes_read;
      g_byte_array_append (out, buffer, (guint) bytes_written);
      if (result == G_CONVERTER_FINISHED)
        break;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
stream_free (Stream *stream)
{
  if (stream->source != NULL)
    {
      g_source_destroy (stream->source);
      g_source_unref (stream->source);
    }
  g_free (stream);
}

static void
stream_finished_cb (SoupServerMessage *msg,
                    Stream            *stream)
{
  g_object_set_data (G_OBJECT (msg), "stream", NULL);
}

static void
endless_wrote_chunk_cb (SoupServerMessage *msg,
                        gpointer           user_data)
{
  static char chunk[ENDLESS_CHUNK];

  if (chunk[0] == '\0')
    memset (chunk, ' ', sizeof chunk);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                            chunk, sizeof chunk);
}

static gboolean
trickle_cb (gpointer user_data)
{
  Stream *stream = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);

  if (++stream->sent > TRICKLE_BYTES)
    {
      soup_message_body_append (body, SOUP_MEMORY_STATIC, "</d:multistatus>", 16);
      soup_message_body_complete (body);
      soup_server_message_unpause (stream->msg);
      g_clear_pointer (&stream->source, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  soup_message_body_append (body, SOUP_MEMORY_STATIC, " ", 1);
  soup_server_message_unpause (stream->msg);

  return G_SOURCE_CONTINUE;
}

static void
start_chunked (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, 207, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "application/xml", NULL);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                            multistatus_head, strlen (multistatus_head));
}

static void
answer_report (HostileServer     *self,
               SoupServerMessage *msg)
{
  switch ((HostileReport) g_atomic_int_get (&self->report))
    {
    case HOSTILE_REPORT_EMPTY:
      soup_server_message_set_status (msg, 207, NULL);
      soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_STATIC,
                                        empty_report, strlen (empty_report));
      break;

    case HOSTILE_REPORT_ENDLESS:
      start_chunked (msg);
      g_signal_connect (msg, "wrote-chunk", G_CALLBACK (endless_wrote_chunk_cb), NULL);
      break;

    case HOSTILE_REPORT_GZIP_BOMB:
      {
        gsize len;
        const char *data;

        if (self->bomb == NULL)
          self->bomb = make_bomb ();
        data = g_bytes_get_data (self->bomb, &len);
        soup_server_message_set_status (msg, 207, NULL);
        soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Content-Encoding", "gzip");
        soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_COPY, data, len);
      }
      break;

    case HOSTILE_REPORT_TRICKLE:
      {
        Stream *stream = g_new0 (Stream, 1);

        start_chunked (msg);
        stream->self = self;
        stream->msg = msg;
        stream->source = g_timeout_source_new (1000);
        g_source_set_callback (stream->source, trickle_cb, stream, NULL);
        g_source_attach (stream->source, self->context);
        g_object_set_data_full (G_OBJECT (msg), "stream", stream, (GDestroyNotify) stream_free);
        g_signal_connect (msg, "finished", G_CALLBACK (stream_finished_cb), stream);
      }
      break;

    case HOSTILE_REPORT_HUGE_TOKEN:
      {
        g_autoptr(GString) out = g_string_sized_new (HUGE_TOKEN_SIZE + 256);
        gsize len;

        g_string_append (out, multistatus_head);
        g_string_append (out, "<d:sync-token>http://127.0.0.1/sync/");
        len = out->len;
        g_string_set_size (out, len + HUGE_TOKEN_SIZE);
        memset (out->str + len, 'a', HUGE_TOKEN_SIZE);
        g_string_append (out, "</d:sync-token></d:multistatus>");
        soup_server_message_set_status (msg, 207, NULL);
        len = out->len;
        soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_TAKE,
                                          g_string_free (g_steal_pointer (&out), FALSE), len);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
redirect (SoupServerMessage *msg,
          const char        *location)
{
  soup_server_message_set_status (msg, 307, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", location);
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  HostileServer *self = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (request_headers, "Authorization");
  const char *method = soup_server_message_get_method (msg);

  g_atomic_int_inc (&self->requests);
  if (authorization != NULL)
    g_atomic_int_inc (&self->authorized);

  /* Redirects come before any authentication, as a well-known URL's do. */
  if (g_str_has_prefix (path, "/same/"))
    redirect (msg, "/book/");
  else if (g_str_has_prefix (path, "/other/") || g_str_has_prefix (path, "/.well-known/"))
    {
      G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

      redirect (msg, self->redirect != NULL ? self->redirect : "/book/");
    }
  else if (g_str_has_prefix (path, "/open/") ||
           g_strcmp0 (authorization, self->expected_auth) != 0)
    {
      soup_server_message_set_status (msg, 401, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Basic realm=\"hostile\"");
    }
  else if (strcmp (path, "/book/") == 0 && strcmp (method, "PROPFIND") == 0)
    {
      soup_server_message_set_status (msg, 207, NULL);
      soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_STATIC,
                                        book_propfind, strlen (book_propfind));
    }
  else if (strcmp (path, "/book/") == 0 && strcmp (method, "REPORT") == 0)
    answer_report (self, msg);
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static gpointer
server_thread (gpointer data)
{
  HostileServer *self = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);
  self->server = soup_server_new ("server-header", "hostile", NULL);
  soup_server_add_handler (self->server, NULL, handler_cb, self, NULL);
  if (soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      uris = soup_server_get_uris (self->server);
      self->port = (guint16) g_uri_get_port (uris->data);
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
    }

  g_mutex_lock (&self->lock);
  self->error = g_steal_pointer (&error);
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  if (self->port != 0)
    g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  /* What the disconnection left to do (streams, sources). */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);

  return NULL;
}

HostileServer *
hostile_server_new (GError **error)
{
  HostileServer *self = g_new0 (HostileServer, 1);
  g_autofree char *pair = g_strdup_printf ("%s:%s", HOSTILE_USER, HOSTILE_PASSWORD);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));

  self->expected_auth = g_strdup_printf ("Basic %s", encoded);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("hostile-server", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->error));
      hostile_server_free (self);
      return NULL;
    }

  return self;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
hostile_server_free (HostileServer *self)
{
  if (self == NULL)
    return;

  g_main_context_invoke (self->context, quit_cb, self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_clear_pointer (&self->bomb, g_bytes_unref);
  g_clear_error (&self->error);
  g_free (self->redirect);
  g_free (self->expected_auth);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

char *
hostile_server_url (HostileServer *self,
                    const char    *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", self->port, path);
}

void
hostile_server_set_report (HostileServer *self,
                           HostileReport  report)
{
  g_atomic_int_set (&self->report, (int) report);
}

void
hostile_server_set_redirect (HostileServer *self,
                             const char    *url)
{
  g_mutex_lock (&self->lock);
  g_free (self->redirect);
  self->redirect = g_strdup (url);
  g_mutex_unlock (&self->lock);
}

guint
hostile_server_get_requests (HostileServer *self)
{
  return (guint) g_atomic_int_get (&self->requests);
}

guint
hostile_server_get_authorized (HostileServer *self)
{
  return (guint) g_atomic_int_get (&self->authorized);
}
