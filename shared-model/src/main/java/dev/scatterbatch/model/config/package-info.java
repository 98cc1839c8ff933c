/** Reading YAML and JSON configuration with errors that name the file, the field and the problem. */
package dev.scatterbatch.model.config;
