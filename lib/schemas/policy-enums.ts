/** zod enums of the closed sets in lib/vocabulary.ts (the members are declared there, once). */
import { z } from "zod";
import { CAPABILITIES, MODEL_TIERS, PROVIDER_ERROR_CLASSES } from "@/lib/vocabulary";

/** A model capability. */
export const CapabilitySchema = z.enum(CAPABILITIES);

/** Model tiers, cheapest first. */
export const ModelTierSchema = z.enum(MODEL_TIERS);

/** Error classes a fallback can move on. */
export const ErrorClassSchema = z.enum(PROVIDER_ERROR_CLASSES);
