/* fault-proxy.c
 *
 * One thread accepts; each connection gets a thread that reads one HTTP
 * request, decides its fault, and forwards it (or not) to the server.
 * Everything blocks; fault_proxy_free() stops the listener, wakes the
 * stalled connections and joins every thread.
 */

#define _GNU_SOURCE
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "fault-proxy.h"

#define STALL_MAX_MS 10000

struct _FaultProxy
{
  GSocketListener *listener;
  GCancellable    *cancellable;
  GThread         *acceptor;
  guint16          port;
  guint16          target_port;

  GMutex           lock;
  GPtrArray       *threads;        /* GThread, one per connection */
  GRand           *rand;
  double           probability;
  GHashTable      *planned;        /* request number → FaultKind */
  guint            requests;
  guint            faults;
  char            *rewrite_from;
  char            *rewrite_to;
  GHashTable      *refused;        /* method → "STATUS REASON" */
};

typedef struct
{
  FaultProxy        *proxy;
  GSocketConnection *connection;
} Connection;

/* Reads one request: headers and a Content-Length body. NULL when the
 * client went away. */
static GByteArray *
read_request (GInputStream *in,
              GCancellable *cancellable)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  guint8 buffer[8192];
  gssize header_end = -1;
  gsize content_length = 0;

  while (TRUE)
    {
      gssize n;

      if (header_end >= 0 && data->len >= header_end + content_length)
        return g_steal_pointer (&data);

      n = g_input_stream_read (in, buffer, sizeof buffer, cancellable, NULL);
      if (n <= 0)
        return NULL;
      g_byte_array_append (data, buffer, n);

      if (header_end < 0)
        {
          const char *text = (const char *) data->data;

          for (gsize i = 0; i + 3 < data->len; i++)
            if (memcmp (text + i, "\r\n\r\n", 4) == 0)
              {
                g_autofree char *headers = g_strndup (text, i);
                g_auto(GStrv) lines = g_strsplit (headers, "\r\n", -1);

                header_end = i + 4;
                for (guint j = 0; lines[j] != NULL; j++)
                  if (g_ascii_strncasecmp (lines[j], "Content-Length:", 15) == 0)
                    content_length = g_ascii_strtoull (lines[j] + 15, NULL, 10);
                break;
              }
        }
    }
}

static FaultKind
pick_fault (FaultProxy *self)
{
  FaultKind kind = FAULT_NONE;

  g_mutex_lock (&self->lock);
  self->requests++;
  if (g_hash_table_size (self->planned) > 0)
    {
      gpointer planned;

      if (g_hash_table_steal_extended (self->planned, GUINT_TO_POINTER (self->requests), NULL, &planned))
        kind = GPOINTER_TO_UINT (planned);
    }
  else if (self->probability > 0 && g_rand_double (self->rand) < self->probability)
    kind = g_rand_int_range (self->rand, FAULT_SERVER_ERROR, N_FAULTS);
  if (kind != FAULT_NONE)
    self->faults++;
  g_mutex_unlock (&self->lock);

  return kind;
}

/* Answers a request whose method is refused; FALSE for the others. */
static gboolean
answer_refused (FaultProxy    *self,
                GByteArray    *request,
                GOutputStream *out)
{
  const guint8 *space = memchr (request->data, ' ', request->len);
  g_autofree char *method = NULL;
  g_autofree char *reply = NULL;
  const char *status_reason;

  if (space == NULL)
    return FALSE;
  method = g_strndup ((const char *) request->data, space - request->data);

  g_mutex_lock (&self->lock);
  status_reason = g_hash_table_lookup (self->refused, method);
  if (status_reason != NULL)
    {
      const char *reason = strchr (status_reason, ' ') + 1;

      reply = g_strdup_printf ("HTTP/1.0 %s\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n"
                               "Connection: close\r\n\r\n%s", status_reason, strlen (reason), reason);
    }
  g_mutex_unlock (&self->lock);

  if (reply == NULL)
    return FALSE;
  g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
  return TRUE;
}

static void
reset_connection (GSocketConnection *connection)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  struct linger linger = { 1, 0 };

  setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
  g_socket_close (socket, NULL);
}

static gpointer
serve_connection (gpointer data)
{
  Connection *conn = data;
  FaultProxy *self = conn->proxy;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn->connection));
  g_autoptr(GByteArray) request = NULL;
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  g_autoptr(GSocketClient) client = NULL;
  g_autoptr(GSocketConnection) upstream = NULL;
  FaultKind kind;
  guint8 buffer[16384];
  gssize n;

  request = read_request (g_io_stream_get_input_stream (G_IO_STREAM (conn->connection)), self->cancellable);
  if (request == NULL)
    goto out;

  if (answer_refused (self, request, out))
    goto out;

  kind = pick_fault (self);

  if (kind == FAULT_TOO_MANY)
    {
      const char *reply = "HTTP/1.0 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 0\r\n"
                          "Connection: close\r\n\r\n";

      g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
      goto out;
    }

  if (kind == FAULT_SERVER_ERROR)
    {
      const char *reply = "HTTP/1.0 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

      g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
      goto out;
    }

  /* Answers to rewrite must come uncompressed. */
  g_mutex_lock (&self->lock);
  if (self->rewrite_from != NULL)
    {
      guint8 *at = request->data;

      while ((at = memmem (at, request->len - (at - request->data), "Accept-Encoding:", 16)) != NULL)
        {
          memcpy (at, "X-Ignored-Codec:", 16);
          at += 16;
        }
    }
  g_mutex_unlock (&self->lock);

  client = g_socket_client_new ();
  upstream = g_socket_client_connect_to_host (client, "127.0.0.1", self->target_port, self->cancellable, NULL);
  if (upstream == NULL)
    {
      reset_connection (conn->connection);
      goto out;
    }
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (upstream)),
                             request->data, request->len, NULL, self->cancellable, NULL);
  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (upstream)),
                                   buffer, sizeof buffer, self->cancellable, NULL)) > 0)
    g_byte_array_append (answer, buffer, n);
  g_io_stream_close (G_IO_STREAM (upstream), NULL, NULL);

  g_mutex_lock (&self->lock);
  if (self->rewrite_from != NULL)
    {
      gsize length = strlen (self->rewrite_from);
      guint8 *at = answer->data;

      while ((at = memmem (at, answer->len - (at - answer->data), self->rewrite_from, length)) != NULL)
        {
          memcpy (at, self->rewrite_to, length);
          at += length;
        }
    }
  g_mutex_unlock (&self->lock);

  switch (kind)
    {
    case FAULT_NONE:
      g_output_stream_write_all (out, answer->data, answer->len, NULL, NULL, NULL);
      break;

    case FAULT_RESET:
      g_output_stream_write_all (out, answer->data, answer->len / 2, NULL, NULL, NULL);
      reset_connection (conn->connection);
      break;

    case FAULT_STALL:
      for (guint waited = 0; waited < STALL_MAX_MS && !g_cancellable_is_cancelled (self->cancellable); waited += 20)
        {
          GSocket *socket = g_socket_connection_get_socket (conn->connection);

          /* The client gave up and closed: stop waiting. */
          if (g_socket_condition_check (socket, G_IO_IN | G_IO_HUP | G_IO_ERR) != 0)
            break;
          g_usleep (20 * 1000);
        }
      break;

    case FAULT_TRUNCATE:
      {
        const guint8 *end = memmem (answer->data, answer->len, "\r\n\r\n", 4);
        gsize headers = end != NULL ? (gsize) (end - answer->data) + 4 : 0;
        gsize body = answer->len - headers;

        g_output_stream_write_all (out, answer->data, headers + body / 2, NULL, NULL, NULL);
      }
      break;

    case FAULT_SERVER_ERROR:
    case FAULT_TOO_MANY:
    case N_FAULTS:
    default:
      g_assert_not_reached ();
    }

out:
  g_io_stream_close (G_IO_STREAM (conn->connection), NULL, NULL);
  g_object_unref (conn->connection);
  g_free (conn);
  return NULL;
}

static gpointer
accept_loop (gpointer data)
{
  FaultProxy *self = data;

  while (!g_cancellable_is_cancelled (self->cancellable))
    {
      GSocketConnection *connection = g_socket_listener_accept (self->listener, NULL, self->cancellable, NULL);
      Connection *conn;

      if (connection == NULL)
        continue;

      conn = g_new0 (Connection, 1);
      conn->proxy = self;
      conn->connection = connection;
      g_mutex_lock (&self->lock);
      g_ptr_array_add (self->threads, g_thread_new ("fault-proxy-connection", serve_connection, conn));
      g_mutex_unlock (&self->lock);
    }

  return NULL;
}

FaultProxy *
fault_proxy_new (guint16   target_port,
                 GError  **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  FaultProxy *self = g_new0 (FaultProxy, 1);

  self->listener = g_socket_listener_new ();
  self->cancellable = g_cancellable_new ();
  self->threads = g_ptr_array_new ();
  self->rand = g_rand_new_with_seed (1);
  self->planned = g_hash_table_new (NULL, NULL);
  self->refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->target_port = target_port;
  g_mutex_init (&self->lock);

  if (!g_socket_listener_add_address (self->listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                      NULL, &bound, error))
    {
      fault_proxy_free (self);
      return NULL;
    }
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  self->acceptor = g_thread_new ("fault-proxy", accept_loop, self);

  return self;
}

void
fault_proxy_free (FaultProxy *self)
{
  if (self == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  if (self->acceptor != NULL)
    g_thread_join (self->acceptor);
  for (guint i = 0; i < self->threads->len; i++)
    g_thread_join (g_ptr_array_index (self->threads, i));
  g_ptr_array_unref (self->threads);
  g_socket_listener_close (self->listener);
  g_object_unref (self->listener);
  g_object_unref (self->cancellable);
  g_rand_free (self->rand);
  g_hash_table_unref (self->planned);
  g_hash_table_unref (self->refused);
  g_free (self->rewrite_from);
  g_free (self->rewrite_to);
  g_mutex_clear (&self->lock);
  g_free (self);
}

guint16
fault_proxy_get_port (FaultProxy *self)
{
  return self->port;
}

char *
fault_proxy_url (FaultProxy *self,
                 const char *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", self->port, path);
}

void
fault_proxy_set_random (FaultProxy *self,
                        guint32     seed,
                        double      probability)
{
  g_mutex_lock (&self->lock);
  g_rand_set_seed (self->rand, seed);
  self->probability = probability;
  g_mutex_unlock (&self->lock);
}

void
fault_proxy_fail_request (FaultProxy *self,
                          guint       n,
                          FaultKind   kind)
{
  g_assert (n > 0);

  g_mutex_lock (&self->lock);
  g_hash_table_insert (self->planned, GUINT_TO_POINTER (self->requests + n), GUINT_TO_POINTER (kind));
  g_mutex_unlock (&self->lock);
}

void
fault_proxy_set_rewrite (FaultProxy *self,
                         const char *from,
                         const char *to)
{
  g_assert (from == NULL || strlen (from) == strlen (to));

  g_mutex_lock (&self->lock);
  g_free (self->rewrite_from);
  g_free (self->rewrite_to);
  self->rewrite_from = g_strdup (from);
  self->rewrite_to = g_strdup (to);
  g_mutex_unlock (&self->lock);
}

void
fault_proxy_refuse_method (FaultProxy *self,
                           const char *method,
                           guint       status,
                           const char *reason)
{
  g_assert (method != NULL);
  g_assert (status == 0 || (status >= 100 && status <= 999 && reason != NULL && strchr (reason, '\n') == NULL));

  g_mutex_lock (&self->lock);
  if (status == 0)
    g_hash_table_remove (self->refused, method);
  else
    g_hash_table_insert (self->refused, g_strdup (method), g_strdup_printf ("%u %s", status, reason));
  g_mutex_unlock (&self->lock);
}

guint
fault_proxy_get_requests (FaultProxy *self)
{
  guint requests;

  g_mutex_lock (&self->lock);
  requests = self->requests;
  g_mutex_unlock (&self->lock);

  return requests;
}

guint
fault_proxy_get_faults (FaultProxy *self)
{
  guint faults;

  g_mutex_lock (&self->lock);
  faults = self->faults;
  g_mutex_unlock (&self->lock);

  return faults;
}
