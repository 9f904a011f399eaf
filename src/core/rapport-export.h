/* rapport-export.h
 *
 * Whole-database exports: CSV (one row per customer, the same columns the
 * importer reads) and a JSON backup of every record.
 */
#pragma once

#include "rapport-store.h"

G_BEGIN_DECLS

gboolean rapport_store_export_csv  (RapportStore   *self,
                                    GOutputStream  *out,
                                    GError        **error);
gboolean rapport_store_export_json (RapportStore   *self,
                                    GOutputStream  *out,
                                    GError        **error);

G_END_DECLS
