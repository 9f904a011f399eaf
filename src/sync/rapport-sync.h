/* rapport-sync.h
 *
 * The two-way sync engine: one run brings the local records of an
 * account and the collections it names (sync_collection) to the same
 * state, following the Sync section of DESIGN.md. By purpose:
 * "customers" (an address book: customers as vCards), "tasks" (a
 * calendar: follow-ups as VTODO), "history" (a calendar: interactions as
 * VJOURNAL, or as completed VTODO where it has no VJOURNAL). Customers are
 * synced first, as the other records point to them.
 *
 * rapport_sync_run() blocks; call it from a worker thread. It opens its
 * own connection on the store's file and writes through it only, so the
 * caller's connection (the UI thread's) only reads. Nothing is emitted
 * on @store: a window learns of the writes as of any other process's
 * (the database's -wal changes), and from the report.
 *
 * Every record change is written in one transaction together with its
 * bookkeeping (sync_item), and a sync token is stored only after every
 * item it covers: a run interrupted anywhere (server gone, cancelled,
 * process killed) is resumed by the next one, which converges.
 */
#pragma once

#include <gio/gio.h>

#include "rapport-dav.h"
#include "rapport-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint  pulled_new;
  guint  pulled_changed;
  guint  pulled_deleted;
  guint  pushed_new;
  guint  pushed_changed;
  guint  pushed_deleted;
  guint  conflicts;      /* the server won a field changed on both sides; the local version kept as a copy */
  guint  merged;         /* changed on both sides in different fields, merged */
  guint  quarantined;    /* items the server refused or that could not be read, set aside */
  guint  cut;            /* records applied with a field cut to the store's limits (the server keeps it whole) */
  guint  requests;       /* requests made to the server */
  char  *summary;        /* one line in plain words, translated */
} RapportSyncReport;

/* Seconds a run may take in all before it stops (what it applied
 * stays, and the next run goes on from there). */
#define RAPPORT_SYNC_RUN_DEADLINE (30 * 60)

/* One full two-way sync of the collections of sync account @account_id
 * with @client (credentials and trusted certificate already set), within
 * RAPPORT_SYNC_RUN_DEADLINE. NULL with @error when the sync could not
 * complete (RAPPORT_DAV_ERROR_TIMEOUT when the time ran out); the
 * account's last_sync and last_result are written either way. */
RapportSyncReport *rapport_sync_run           (RapportStore       *store,
                                               gint64              account_id,
                                               RapportDavClient   *client,
                                               GCancellable       *cancellable,
                                               GError            **error);
/* The same within @deadline seconds (0: RAPPORT_SYNC_RUN_DEADLINE). */
RapportSyncReport *rapport_sync_run_with_deadline (RapportStore   *store,
                                               gint64              account_id,
                                               RapportDavClient   *client,
                                               guint               deadline,
                                               GCancellable       *cancellable,
                                               GError            **error);
void               rapport_sync_report_free   (RapportSyncReport  *report);

/* A conflict the server won: the local version as it was, kept. */
typedef struct
{
  gint64  id;
  char   *kind;          /* "customer", "follow-up", "interaction" */
  char   *local_uid;     /* the record's UID */
  GStrv   fields;        /* the fields changed on both sides ("notes", "emails"...) */
  char   *local_copy;    /* the local version (vCard or iCalendar text) */
  char   *remote_copy;   /* the server's version that won */
  gint64  created;
} RapportSyncConflict;

/* The conflicts not resolved yet, oldest first. */
GPtrArray         *rapport_sync_list_conflicts   (RapportStore       *store,
                                                  GError            **error);
/* @keep_local: the conflicting fields take the local version again (and
 * go to the server at the next sync); else the server's version stays.
 * Either way the conflict is resolved. */
gboolean           rapport_sync_resolve_conflict (RapportStore       *store,
                                                  gint64              conflict_id,
                                                  gboolean            keep_local,
                                                  GError            **error);
void               rapport_sync_conflict_free    (RapportSyncConflict *conflict);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportSyncReport, rapport_sync_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportSyncConflict, rapport_sync_conflict_free)

G_END_DECLS
