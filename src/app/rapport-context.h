/* rapport-context.h
 *
 * What every part of the window needs, in one object: the store, the
 * settings and the clock. Widgets get it from their window; there are no
 * globals.
 */
#pragma once

#include <gio/gio.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_CONTEXT (rapport_context_get_type ())

G_DECLARE_FINAL_TYPE (RapportContext, rapport_context, RAPPORT, CONTEXT, GObject)

RapportContext *rapport_context_new          (RapportStore   *store,
                                              GSettings      *settings);
RapportStore   *rapport_context_get_store    (RapportContext *self);
GSettings      *rapport_context_get_settings (RapportContext *self);
/* Now, in the user's zone. */
GDateTime      *rapport_context_dup_now      (RapportContext *self);

G_END_DECLS
