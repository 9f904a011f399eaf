/* rapport-account.h
 *
 * Sync accounts: the sync_account and sync_collection rows, the password
 * in the Secret Service, and setting an account up against its server.
 *
 * The password never reaches the database, GSettings or a log: it lives
 * in the Secret Service (libsecret, schema RAPPORT_ACCOUNT_SECRET_SCHEMA)
 * under the account's uid, with the server URL and the user name as
 * attributes, and is read back only to hand it to a RapportDavClient.
 *
 * Each account syncs three collections, by purpose: customers (an
 * address book), tasks (a calendar that takes VTODO: follow-ups and
 * renewal notices) and history (a calendar that takes VJOURNAL; where the
 * server makes none, the tasks calendar, whose completed VTODOs then
 * carry the history).
 *
 * Every function here blocks: call them off the main thread when the
 * server or the Secret Service is involved.
 */
#pragma once

#include <gio/gio.h>

#include "rapport-dav.h"
#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_ACCOUNT_SECRET_SCHEMA "io.github.rapportcrm.Rapport.Account"

/* The automatic sync intervals the app offers, in seconds. */
#define RAPPORT_ACCOUNT_INTERVAL_DEFAULT 900

typedef enum
{
  RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS,
  RAPPORT_ACCOUNT_PURPOSE_TASKS,
  RAPPORT_ACCOUNT_PURPOSE_HISTORY,
} RapportAccountPurpose;

/* "customers", "tasks", "history" (the stored keys). */
const char *rapport_account_purpose_to_key (RapportAccountPurpose purpose);

typedef struct
{
  gint64                 id;
  RapportAccountPurpose  purpose;
  char                  *url;
  char                  *display_name;   /* or NULL */
} RapportAccountCollection;

void rapport_account_collection_free (RapportAccountCollection *self);

typedef struct
{
  gint64     id;
  char      *uid;
  char      *name;          /* "amara@dav.example.com" */
  char      *url;           /* the URL given at setup */
  char      *username;
  guint      interval;      /* seconds between automatic syncs */
  gboolean   auto_sync;
  gint64     last_sync;     /* Unix seconds, 0 for never */
  char      *last_result;   /* a plain sentence, or NULL */
  char      *certificate;   /* the pinned SHA-256 fingerprint, or NULL */
  gint64     created;
  GPtrArray *collections;   /* RapportAccountCollection, by purpose */
} RapportAccount;

#define RAPPORT_TYPE_ACCOUNT (rapport_account_get_type ())

GType           rapport_account_get_type          (void) G_GNUC_CONST;
RapportAccount *rapport_account_copy              (const RapportAccount *self);
void            rapport_account_free              (RapportAccount       *self);
/* The collection for @purpose, or NULL. */
const RapportAccountCollection *
                rapport_account_get_collection    (const RapportAccount *self,
                                                   RapportAccountPurpose purpose);

/* Store. */

/* Every account, oldest first, with its collections. */
GPtrArray      *rapport_account_list              (RapportStore         *store,
                                                   GError              **error);
/* NOT_FOUND names the id. */
RapportAccount *rapport_account_get               (RapportStore         *store,
                                                   gint64                id,
                                                   GError              **error);
/* Writes @account (id 0; uid and created filled when empty) and its
 * collections; sets the ids. */
gboolean        rapport_account_insert            (RapportStore         *store,
                                                   RapportAccount       *account,
                                                   GError              **error);
/* Name, interval, auto_sync and certificate. */
gboolean        rapport_account_update            (RapportStore         *store,
                                                   const RapportAccount *account,
                                                   GError              **error);
/* Removes the account, its collections, items and conflicts (the
 * records synced from it stay). The secret is cleared separately. */
gboolean        rapport_account_remove            (RapportStore         *store,
                                                   gint64                id,
                                                   GError              **error);

/* Conflicts the engine kept, unresolved, newest first. */
typedef struct
{
  gint64  id;
  char   *local_uid;
  char   *kind;           /* "customer", "follow-up", "notice", "interaction" */
  char   *record_name;    /* the customer's name, or what the record is about */
  char   *fields;         /* the fields changed on both sides, or NULL */
  gint64  created;
} RapportAccountConflict;

void            rapport_account_conflict_free     (RapportAccountConflict *self);
GPtrArray      *rapport_account_list_conflicts    (RapportStore         *store,
                                                   gint64                account_id,
                                                   GError              **error);

/* Records on the server the sync could not read (a line beyond the
 * reader's limits, a card without a name), each with the reason; they
 * stay untouched on the server and are read again once they change. */
typedef struct
{
  gint64  id;
  char   *kind;           /* "customer", "follow-up", "notice", "interaction" */
  char   *collection;     /* the collection's display name, else its URL */
  char   *href;           /* the record's address on the server */
  char   *reason;
} RapportAccountSetAside;

void            rapport_account_set_aside_free    (RapportAccountSetAside *self);
GPtrArray      *rapport_account_list_set_aside    (RapportStore         *store,
                                                   gint64                account_id,
                                                   GError              **error);
/* The last part of @self's address, as a name for it: "b0c1.vcf". */
char           *rapport_account_set_aside_dup_name (const RapportAccountSetAside *self);

/* Records a sync's outcome (last_sync now, last_result @text) for a
 * failure that happened before the engine ran. */
gboolean        rapport_account_set_result        (RapportStore         *store,
                                                   gint64                id,
                                                   const char           *text,
                                                   GError              **error);

/* The user keeps the server's version of conflict @conflict_id (the
 * engine already applied it; the local copy stays in sync_conflict). */
gboolean        rapport_account_keep_server_version (RapportStore       *store,
                                                   gint64                conflict_id,
                                                   GError              **error);

/* Tells the views on @store's thread that another connection (a sync on
 * a worker thread) changed records: ::changed for everything. */
void            rapport_account_notify_synced     (RapportStore         *store);

/* Secret Service. */

/* Stores or replaces the password of @account (its uid, url, username). */
gboolean        rapport_account_store_password_sync  (const RapportAccount *account,
                                                      const char           *password,
                                                      GCancellable         *cancellable,
                                                      GError              **error);
/* The password, or NULL: with an error when the Secret Service failed,
 * without one when it holds none for this account. Free it with
 * rapport_account_password_free(). */
char           *rapport_account_lookup_password_sync (const RapportAccount *account,
                                                      GCancellable         *cancellable,
                                                      GError              **error);
/* TRUE also when there was nothing to clear. */
gboolean        rapport_account_clear_password_sync  (const RapportAccount *account,
                                                      GCancellable         *cancellable,
                                                      GError              **error);
/* Wipes and frees a password from the lookup above. */
void            rapport_account_password_free        (char                 *password);

/* A client for @account: its password from the Secret Service (AUTH
 * error when there is none), its pinned certificate, @timeout seconds
 * (0: the client's default). */
RapportDavClient *rapport_account_dup_client_sync    (const RapportAccount *account,
                                                      guint                 timeout,
                                                      GCancellable         *cancellable,
                                                      GError              **error);

/* Setup. */

typedef struct
{
  const char *url;
  const char *username;
  const char *password;
  const char *name;                 /* NULL: "user@host" */
  const char *address_book_url;     /* NULL: chosen as below */
  const char *tasks_url;
  const char *history_url;
  const char *trusted_certificate;  /* a SHA-256 fingerprint the user accepted, or NULL */
  guint       timeout;              /* seconds; 0 for the client's default */
} RapportAccountSetup;

/* What the server holds, when the choice is the user's: address books,
 * calendars that take VTODO, calendars that take VJOURNAL (each a
 * RapportDavCollection). */
typedef struct
{
  GPtrArray *address_books;
  GPtrArray *task_calendars;
  GPtrArray *history_calendars;
} RapportAccountChoices;

void            rapport_account_choices_free       (RapportAccountChoices *self);

/* Discovers the server and picks the collections: for each purpose, the
 * URL given, else the only candidate, else the only one an earlier setup
 * made for it (known by its URL), else a new one made on the server
 * ("Rapport customers", "Rapport follow-ups", "Rapport history"; the
 * history falls back to the tasks calendar where the server makes no
 * VJOURNAL calendar). Several candidates and no URL: RAPPORT_ERROR_AMBIGUOUS
 * listing them, and *@choices filled for a chooser. When making a
 * collection or storing fails, the error names what failed and the
 * collections this call made are deleted again (the error also says
 * which could not be). A certificate nobody
 * trusts: RAPPORT_DAV_ERROR_TLS, and *@fingerprint set so the caller can
 * show it and try again with it trusted. A refused password:
 * RAPPORT_DAV_ERROR_AUTH. On success the account, its collections and its
 * password are stored (all or nothing) and the account returned. */
RapportAccount *rapport_account_setup_sync         (RapportStore              *store,
                                                    const RapportAccountSetup *setup,
                                                    RapportAccountChoices    **choices,
                                                    char                     **fingerprint,
                                                    GCancellable              *cancellable,
                                                    GError                   **error);

/* "Synced: 3 received (5 minutes ago)" in plain words for
 * the list of accounts, at @now (Unix seconds). */
char           *rapport_account_dup_status_text    (const RapportAccount *account,
                                                    gint64                now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportAccount, rapport_account_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportAccountCollection, rapport_account_collection_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportAccountConflict, rapport_account_conflict_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportAccountChoices, rapport_account_choices_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportAccountSetAside, rapport_account_set_aside_free)

G_END_DECLS
