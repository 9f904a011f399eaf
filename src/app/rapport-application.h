/* rapport-application.h */
#pragma once

#include <adwaita.h>

#include "rapport-context.h"
#include "rapport-sync-runner.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_APPLICATION (rapport_application_get_type ())

G_DECLARE_FINAL_TYPE (RapportApplication, rapport_application, RAPPORT, APPLICATION, AdwApplication)

RapportApplication *rapport_application_new         (void);
/* NULL until the database is open (after the first activation). */
RapportContext     *rapport_application_get_context (RapportApplication *self);
/* The one runner of the automatic syncs and of Sync Now; NULL until the
 * database is open. */
RapportSyncRunner  *rapport_application_get_sync_runner (RapportApplication *self);

G_END_DECLS
