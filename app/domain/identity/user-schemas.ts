import { z } from "zod";
import { locales } from "~/lib/i18n/locales";
import { roles } from "./permissions";

// Messages are translation keys: the UI shows them in the user's language next to the field.

export const emailField = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .max(254, "validation.tooLong")
  .email("validation.email")
  .transform((value) => value.toLowerCase());

export const passwordField = z
  .string({ required_error: "validation.required" })
  .min(8, "validation.passwordTooShort")
  .max(200, "validation.tooLong");

const nameField = z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(120, "validation.tooLong");

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("false"), z.undefined()])
  .transform((value) => value === "on" || value === "true");

const groupIds = z.preprocess(
  (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
  z.array(z.string().min(1)).max(50),
);

export const signInSchema = z.object({
  email: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(254, "validation.tooLong"),
  password: z.string({ required_error: "validation.required" }).min(1, "validation.required").max(200, "validation.tooLong"),
  redirectTo: z.string().optional(),
});

export const userFormSchema = z.object({
  name: nameField,
  email: emailField,
  role: z.enum(roles, { errorMap: () => ({ message: "validation.choose" }) }),
  groupIds,
  restrictToGroups: checkbox,
  /** A technician who writes the knowledge base (managers and admins always do). */
  writesKnowledge: checkbox,
  locale: z.enum(locales).default("fr"),
});

export const createUserSchema = userFormSchema.extend({ password: passwordField });
export const updateUserSchema = userFormSchema.extend({
  active: checkbox,
  version: z.coerce.date().optional(),
});

export const groupFormSchema = z.object({
  name: nameField,
  description: z.string().trim().max(500, "validation.tooLong").default(""),
});

export const preferencesSchema = z.object({ locale: z.enum(locales) });

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "validation.required"),
    newPassword: passwordField,
    confirmPassword: z.string().min(1, "validation.required"),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "validation.passwordsDiffer",
  });

export const firstAdminSchema = z
  .object({ name: nameField, email: emailField, password: passwordField, confirmPassword: z.string() })
  .refine((value) => value.password === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "validation.passwordsDiffer",
  });

export type UserForm = z.infer<typeof userFormSchema>;
export type CreateUserInput = z.infer<typeof createUserSchema>;
export type UpdateUserInput = z.infer<typeof updateUserSchema>;
