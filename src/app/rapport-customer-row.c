/* rapport-customer-row.c */

#define G_LOG_DOMAIN "rapport-customer-row"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-app-state.h"
#include "rapport-customer-row.h"
#include "rapport-records.h"

/* Chips beyond this would not fit a row; the page shows them all. */
#define MAX_CHIPS 3

struct _RapportCustomerRow
{
  GtkWidget  parent_instance;

  AdwAvatar *avatar;
  GtkLabel  *name_label;
  GtkLabel  *detail_label;
  GtkWidget *types_clip;
  GtkBox    *types_box;
  GtkLabel  *follow_up_label;
};

G_DEFINE_FINAL_TYPE (RapportCustomerRow, rapport_customer_row, GTK_TYPE_WIDGET)

static const char *
type_label (GPtrArray  *types,
            const char *key)
{
  for (guint i = 0; types != NULL && i < types->len; i++)
    {
      const RapportCustomerType *type = g_ptr_array_index (types, i);

      if (g_str_equal (type->key, key))
        return rapport_customer_type_get_label (type);
    }

  return key;
}

static void
add_chip (RapportCustomerRow *self,
          const char         *text,
          gboolean            derived)
{
  GtkWidget *chip = gtk_label_new (text);

  gtk_widget_add_css_class (chip, "type-chip");
  if (derived)
    {
      gtk_widget_add_css_class (chip, "derived");
      gtk_widget_set_tooltip_text (chip, _("Derived from the contact history"));
    }
  gtk_box_append (self->types_box, chip);
}

static void
rapport_customer_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RAPPORT_TYPE_CUSTOMER_ROW);
  /* Unbound template children too: the layout manager holds them. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object)));)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (rapport_customer_row_parent_class)->dispose (object);
}

static void
rapport_customer_row_class_init (RapportCustomerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_customer_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rapportcrm/Rapport/rapport-customer-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerRow, types_clip);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerRow, types_box);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerRow, follow_up_label);
}

static void
rapport_customer_row_init (RapportCustomerRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rapport_customer_row_new (void)
{
  return g_object_new (RAPPORT_TYPE_CUSTOMER_ROW, NULL);
}

void
rapport_customer_row_bind (RapportCustomerRow  *self,
                           RapportCustomerItem *item,
                           GPtrArray           *types,
                           GDateTime           *now)
{
  const RapportCustomer *customer;
  g_autoptr(GString) detail = g_string_new (NULL);
  g_autofree char *accessible = NULL;
  GtkWidget *child;
  guint chips = 0;

  g_return_if_fail (RAPPORT_IS_CUSTOMER_ROW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->types_box))))
    gtk_box_remove (self->types_box, child);

  customer = item != NULL ? rapport_customer_item_get_customer (item) : NULL;
  if (customer == NULL)
    {
      gtk_label_set_label (self->name_label, _("Deleted customer"));
      gtk_label_set_label (self->detail_label, "");
      gtk_label_set_label (self->follow_up_label, "");
      adw_avatar_set_text (self->avatar, NULL);
      return;
    }

  gtk_label_set_label (self->name_label, customer->display_name);
  adw_avatar_set_text (self->avatar, customer->display_name);

  if (customer->kind == RAPPORT_CUSTOMER_KIND_ORGANIZATION)
    g_string_append (detail, _("Organization"));
  else if (customer->organization_name != NULL)
    g_string_append (detail, customer->organization_name);

  if (customer->last_contact != 0)
    {
      g_autofree char *when = rapport_format_relative_day (customer->last_contact, now);

      if (detail->len > 0)
        g_string_append (detail, " · ");
      /* Translators: %s is a relative day such as "3 days ago" */
      g_string_append_printf (detail, _("Last contact %s"), when);
    }
  else
    {
      if (detail->len > 0)
        g_string_append (detail, " · ");
      g_string_append (detail, _("No contact yet"));
    }
  gtk_label_set_label (self->detail_label, detail->str);

  for (guint i = 0; i < customer->types->len && chips < MAX_CHIPS; i++, chips++)
    add_chip (self, type_label (types, g_ptr_array_index (customer->types, i)), FALSE);
  for (guint i = 0; i < customer->derived_types->len && chips < MAX_CHIPS; i++, chips++)
    add_chip (self, type_label (types, g_ptr_array_index (customer->derived_types, i)), TRUE);
  gtk_widget_set_visible (self->types_clip, chips > 0);

  gtk_widget_remove_css_class (GTK_WIDGET (self->follow_up_label), "error");
  if (customer->next_follow_up != 0)
    {
      g_autofree char *when = rapport_format_relative_day (customer->next_follow_up, now);
      g_autofree char *text = g_strdup_printf (/* Translators: the next follow-up, %s is "tomorrow", "in 3 days"... */
                                               _("Follow up\n%s"), when);

      gtk_label_set_label (self->follow_up_label, text);
      if (customer->next_follow_up < g_date_time_to_unix (now))
        gtk_widget_add_css_class (GTK_WIDGET (self->follow_up_label), "error");
    }
  else
    gtk_label_set_label (self->follow_up_label, "");

  accessible = g_strdup_printf ("%s, %s", customer->display_name, detail->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}
