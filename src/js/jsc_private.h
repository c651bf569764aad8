#pragma once
// Declarations exported by the JavaScriptCore library whose private header
// (JSContextRefPrivate.h) is not installed.
#include <JavaScriptCore/JavaScript.h>

extern "C" {
typedef bool (*JSShouldTerminateCallback)(JSContextRef ctx, void* context);
void JSContextGroupSetExecutionTimeLimit(JSContextGroupRef group, double limit,
                                         JSShouldTerminateCallback callback, void* context);
}
