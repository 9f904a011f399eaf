/* rapport-context.c */

#define G_LOG_DOMAIN "rapport-context"

#include "config.h"

#include "rapport-context.h"

struct _RapportContext
{
  GObject       parent_instance;
  RapportStore *store;
  GSettings    *settings;
};

G_DEFINE_FINAL_TYPE (RapportContext, rapport_context, G_TYPE_OBJECT)

static void
rapport_context_dispose (GObject *object)
{
  RapportContext *self = (RapportContext *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rapport_context_parent_class)->dispose (object);
}

static void
rapport_context_class_init (RapportContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_context_dispose;
}

static void
rapport_context_init (RapportContext *self)
{
}

RapportContext *
rapport_context_new (RapportStore *store,
                     GSettings    *settings)
{
  RapportContext *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (RAPPORT_TYPE_CONTEXT, NULL);
  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);

  return self;
}

RapportStore *
rapport_context_get_store (RapportContext *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (self), NULL);

  return self->store;
}

GSettings *
rapport_context_get_settings (RapportContext *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (self), NULL);

  return self->settings;
}

GDateTime *
rapport_context_dup_now (RapportContext *self)
{
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (self), NULL);

  return g_date_time_new_now_local ();
}
