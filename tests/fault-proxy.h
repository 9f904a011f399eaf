/* fault-proxy.h
 *
 * A loopback TCP proxy in front of a real server (Radicale) that breaks
 * requests on purpose: an HTTP 500 answer, a connection reset in the
 * middle of the answer, a stall (no answer until the client gives up), a
 * body cut short. Faults hit one chosen request or, with a seed, a share
 * of all requests at random. One HTTP request per connection (Radicale
 * closes after each answer, so clients do not reuse connections).
 *
 * A reset, a stall and a truncated body reach the server first: the
 * server did the work and the client does not know, the hard case for a
 * sync engine.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  FAULT_NONE,
  FAULT_SERVER_ERROR,   /* 500, the server never sees the request */
  FAULT_RESET,          /* half the answer, then a TCP reset */
  FAULT_STALL,          /* the request reaches the server, no answer comes back */
  FAULT_TRUNCATE,       /* the answer's headers and half its body, then close */
  N_FAULTS,             /* (the random ones are those above) */
  FAULT_TOO_MANY,       /* 429 with Retry-After: 1, the server never sees the request */
} FaultKind;

typedef struct _FaultProxy FaultProxy;

/* Listens on 127.0.0.1 on a free port, forwarding to 127.0.0.1:@target_port. */
FaultProxy *fault_proxy_new            (guint16      target_port,
                                        GError     **error);
void        fault_proxy_free           (FaultProxy  *self);
guint16     fault_proxy_get_port       (FaultProxy  *self);
/* "http://127.0.0.1:PORT" + @path */
char       *fault_proxy_url            (FaultProxy  *self,
                                        const char  *path);
/* From now on each request fails with a random fault with @probability
 * (0 turns random faults off), drawn from a GRand seeded with @seed. */
void        fault_proxy_set_random     (FaultProxy  *self,
                                        guint32      seed,
                                        double       probability);
/* The @n-th request from now on (1 = the next one) fails with @kind; more
 * than one can be planned, and none is random while any is. */
void        fault_proxy_fail_request   (FaultProxy  *self,
                                        guint        n,
                                        FaultKind    kind);
/* Every answer from now on has each @from replaced by @to, which must be
 * as long (so Content-Length stays true): a server without a feature. */
void        fault_proxy_set_rewrite    (FaultProxy  *self,
                                        const char  *from,
                                        const char  *to);
/* Every @method request from now on is answered "@status @reason" (the
 * reason phrase, also the text/plain body) and never reaches the server;
 * @status 0 lets @method through again. Not counted as a request or a
 * fault. */
void        fault_proxy_refuse_method  (FaultProxy  *self,
                                        const char  *method,
                                        guint        status,
                                        const char  *reason);
/* Requests seen, and faults injected, since the proxy started. */
guint       fault_proxy_get_requests   (FaultProxy  *self);
guint       fault_proxy_get_faults     (FaultProxy  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FaultProxy, fault_proxy_free)

G_END_DECLS
